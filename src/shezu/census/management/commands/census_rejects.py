"""shezu census rejects BATCH OUT.xlsx: the rejected rows of a batch, for the department to fix."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.census.intake.exports import rejects_export
from shezu.census.intake.queries import batch_get
from shezu.commands import ShezuCommand, output_file


class Command(ShezuCommand):
    help = "导出批次的退回行 (export a batch's rejected rows as xlsx)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", type=int, metavar="BATCH", help="批次编号（导入摘要中的 #）")
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        batch = batch_get(batch_id=options["batch"])
        count = rejects_export(batch=batch, out=options["out"])
        self.stdout.write(f"已导出 {count} 行退回记录 → {options['out']}")
        self.database_line()
