"""shezu census export-links OUT.csv: file,row,org_id for every imported record."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shezu.census.register.exports import links_export


class Command(BaseCommand):
    help = "导出每条来源记录所属的组织编号 (file,row,org_id)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        count = links_export(out=options["out"])
        self.stdout.write(f"已导出 {count:,} 条来源记录的组织编号 → {options['out']}")
