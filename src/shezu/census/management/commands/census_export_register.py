"""shezu census export-register OUT.csv: the register for other systems, a row per organization."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.errors import CensusError
from shezu.census.register.exports import register_export


class Command(BaseCommand):
    help = "导出台账 CSV，供其他系统使用 (export the register as CSV for other systems)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = register_export(out=options["out"])
        except CensusError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已导出台账 {count:,} 个组织 → {options['out']}")
