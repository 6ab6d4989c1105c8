"""shezu census export-links OUT.csv: file,row,org_id for every imported record."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.census.register.exports import links_export
from shezu.commands import ShezuCommand, output_file


class Command(ShezuCommand):
    help = "导出每条来源记录所属的组织编号 (file,row,org_id)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=output_file, metavar="OUT.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        count = links_export(out=options["out"])
        self.stdout.write(f"已导出 {count:,} 条来源记录的组织编号 → {options['out']}")
        self.database_line()
