"""shezu census export-register OUT.csv: the register for other systems, a row per organization."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.census.register.exports import register_export
from shezu.commands import ShezuCommand, output_file


class Command(ShezuCommand):
    help = "导出台账 CSV，供其他系统使用 (export the register as CSV for other systems)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=output_file, metavar="OUT.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        count = register_export(out=options["out"])
        self.stdout.write(f"已导出台账 {count:,} 个组织 → {options['out']}")
        self.database_line()
