"""shezu assign bodies-import FILE: add and change responsible bodies from their workbook."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation.bodies import bodies_import
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "导入责任主体表，按编号新增或修改 (import the body workbook, by code)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="责任主体表 (xlsx、xls 或 CSV)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = bodies_import(options["file"])
        self.stdout.write(
            f"{report.file}: 读取 {report.rows_read:,} 行，写入 {report.written:,} 行"
            f"（新增 {report.added:,}，修改 {report.updated:,}），未变 {report.unchanged:,} 行，"
            f"退回 {report.rejected_rows:,} 行"
        )
        for row, column, message in report.rejected:
            self.stdout.write(f"  退回 第{row}行 「{column}」：{message}")
        self.database_line()
