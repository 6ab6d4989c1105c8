"""shezu assign rules-preview FILE [--as-of DATE]: what a new rule version would change."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation.reporting import preview_render
from shezu.affiliation.services import rules_preview
from shezu.commands import DATE_FORMS, ShezuCommand, full_date


class Command(ShezuCommand):
    help = "预演一个规则版本：与现行责任归属比较，不写入 (preview a rule version)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="规则文件（YAML）")
        parser.add_argument(
            "--as-of",
            type=full_date,
            metavar="DATE",
            help=f"按这一天预演（默认生效日或上次分配日），如 {DATE_FORMS}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        table, summary = rules_preview(options["file"], as_of=options["as_of"])
        self.stdout.write(preview_render(table, summary), ending="")
        self.database_line()
