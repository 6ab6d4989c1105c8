"""shezu census verify FILE [--json]: apply a field team's returned verification sheet."""

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
        self.returned_workbook_report(report, as_json=options["json"], skipped="未填写")
