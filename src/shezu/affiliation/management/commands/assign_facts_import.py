"""shezu assign facts-import FILE [--json]: store what a county wrote in its returned
classification workbook (分类补充信息表)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation.facts import facts_import
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "导入填好的分类补充信息表 (store a county's founders, supervisors and fields)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="填好的分类补充信息表")
        parser.add_argument(
            "--json", action="store_true", help="以一个 JSON 对象输出结果 (the report as JSON)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = facts_import(options["file"])
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
                f"退回 {rejected_rows:,} 行，未填写或无变化 {report.skipped:,} 行"
            )
            for row, name, message in report.rejected:
                self.stdout.write(f"  退回 第{row}行 「{name}」：{message}")
            for row, name, message in report.warnings:
                self.stdout.write(f"  提示 第{row}行 「{name}」：{message}")
        self.database_line()
