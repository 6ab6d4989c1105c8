"""shezu assign export OUT.csv [--as-of DATE]: every organization's responsible body, as CSV."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from shezu.affiliation.exports import assignments_export
from shezu.commands import DATE_FORMS, ShezuCommand, full_date, output_file


class Command(ShezuCommand):
    help = "导出每个组织的责任主体 (export every organization's responsible body, CSV)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=output_file, metavar="OUT.csv")
        parser.add_argument(
            "--as-of",
            type=full_date,
            metavar="DATE",
            help=f"截至这一天（默认今天），如 {DATE_FORMS}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = options["as_of"] or timezone.localdate()
        rows = assignments_export(options["out"], on=on)
        self.stdout.write(f"{rows:,} 个组织（截至 {on.isoformat()}）→ {options['out']}")
        self.database_line()
