"""shezu census changes --since DATE [--json]: what the register's runs changed (变动)."""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.normalise.dates import parse_date
from shezu.census.register.queries import changes_since
from shezu.census.register.reporting import changes_json, changes_render


def since_date(text: str) -> dt.date:
    """A whole date in any form department files use (2026-01-01, 2026/1/1, 2026年1月1日)."""
    value, note = parse_date(text)
    if value is None or note is not None:
        raise CommandError(f"--since 应为完整日期，如 2026-01-01，而不是「{text}」 (a full date)")
    return value


class Command(BaseCommand):
    help = "列出某日以来台账的变动 (register changes since a date)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", required=True, type=since_date, help="起始日期（含当日）YYYY-MM-DD"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        groups = changes_since(since=options["since"])
        if options["json"]:
            self.stdout.write(json.dumps(changes_json(groups), ensure_ascii=False))
        else:
            self.stdout.write(changes_render(groups, since=options["since"]), ending="")
