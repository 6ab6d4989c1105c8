"""shezu census verify FILE [--json]: apply a field team's returned verification sheet."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.census.verification.services import verify_import
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "导入实地核实结果 (apply a returned verification sheet to the register)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="填好的核实任务表")
        parser.add_argument(
            "--json", action="store_true", help="以一个 JSON 对象输出结果 (the report as JSON)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_import(options["file"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        if report.duplicate_file:
            self.stdout.write(
                f"{report.file}: 此文件已导入过，未做任何更改 (same file already imported)"
            )
        else:
            rejected_rows = len({row for row, _, _ in report.rejected})
            self.stdout.write(
                f"{report.file}: 读取 {report.rows_read:,} 行，写入 {report.applied:,} 行，"
                f"退回 {rejected_rows:,} 行，未填写 {report.skipped:,} 行"
            )
            for row, name, message in report.rejected:
                self.stdout.write(f"  退回 第{row}行 「{name}」：{message}")
        self.database_line()
