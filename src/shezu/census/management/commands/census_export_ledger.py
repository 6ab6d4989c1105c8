"""shezu census export-ledger OUT.xlsx: the ledger (台账), one row per organization."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.census.register.exports import ledger_export
from shezu.commands import ShezuCommand, output_file


class Command(ShezuCommand):
    help = "导出社会组织台账 (export the register as an xlsx ledger)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        count = ledger_export(out=options["out"])
        self.stdout.write(f"已导出台账 {count:,} 个组织 → {options['out']}")
        self.database_line()
