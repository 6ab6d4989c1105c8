"""shezu census review list|show|decide: clerical review (人工审核) of uncertain pairs.

shezu census review list [--status pending|match|distinct|all] [--limit N] [--json]
shezu census review show ID [--json]
shezu census review decide ID 相同|不同|match|distinct [--note TEXT] [--user NAME]
"""

import json
from typing import Any

from django.core.management.base import CommandParser

from shezu.census.review.queries import review_counts, review_get, review_list
from shezu.census.review.reporting import (
    review_decided_render,
    review_item_json,
    review_list_render,
    review_show_json,
    review_show_render,
)
from shezu.census.review.services import review_decide
from shezu.commands import ShezuCommand, positive


class Command(ShezuCommand):
    help = "人工审核：列出、查看、判定待审核的记录对 (clerical review of uncertain pairs)"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="list|show|decide")
        listing = actions.add_parser("list", help="列出审核项 (list review items)")
        listing.add_argument(
            "--status", default="pending", help="pending | match | distinct | all (默认 pending)"
        )
        listing.add_argument("--limit", type=positive, metavar="N", help="最多列出 N 项")
        listing.add_argument("--json", action="store_true")
        show = actions.add_parser("show", help="并排查看一对记录 (show one pair side by side)")
        show.add_argument("id", type=int, metavar="ID")
        show.add_argument("--json", action="store_true")
        decide = actions.add_parser("decide", help="记录判定 (record a decision)")
        decide.add_argument("id", type=int, metavar="ID")
        decide.add_argument(
            "decision",
            metavar="相同|不同",
            help="相同（同一组织、match）或 不同（不同组织、distinct）",
        )
        decide.add_argument("--note", default="", help="备注")
        decide.add_argument("--user", default="", help="审核人")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_list(self, options: dict[str, Any]) -> None:
        items = list(review_list(status=options["status"], limit=options["limit"]))
        if options["json"]:
            payload = [review_item_json(item) for item in items]
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(review_list_render(items, review_counts()), ending="")

    def handle_show(self, options: dict[str, Any]) -> None:
        item = review_get(item_id=options["id"])
        if options["json"]:
            self.stdout.write(json.dumps(review_show_json(item), ensure_ascii=False))
        else:
            self.stdout.write(review_show_render(item), ending="")

    def handle_decide(self, options: dict[str, Any]) -> None:
        previous = review_get(item_id=options["id"]).status  # only for the message
        item = review_decide(
            item_id=options["id"],
            decision=options["decision"],
            note=options["note"],
            user=options["user"],
        )
        self.stdout.write(review_decided_render(item, previous=previous), ending="")
