"""shezu assign run [--as-of DATE] [--dry-run] [--json]: classify and assign the register."""

import json
from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation.reporting import run_render
from shezu.affiliation.services import assignment_run
from shezu.commands import DATE_FORMS, ShezuCommand, full_date


class Command(ShezuCommand):
    help = "分类并确定每个组织的责任主体 (classify the register and assign responsibility)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=full_date,
            metavar="DATE",
            help=f"责任归属自这一天起（默认今天），如 {DATE_FORMS}",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只显示与现行责任归属的差别，不写入 (show the difference, write nothing)",
        )
        parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = assignment_run(as_of=options["as_of"], dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False))
            return
        self.stdout.write(run_render(summary), ending="")
        self.database_line()
