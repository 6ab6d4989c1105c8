"""shezu assign facts-import FILE [--json]: store what a county wrote in its returned
classification workbook (分类补充信息表)."""

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
        self.returned_workbook_report(report, as_json=options["json"], skipped="未填写或无变化")
