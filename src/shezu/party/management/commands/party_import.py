"""shezu party import FILE --kind K [--json]: import a filled Party template."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.accounts.audit import cli_username
from shezu.commands import ShezuCommand, WorkbookOutcome
from shezu.party.models import TemplateKind
from shezu.party.services import party_import


class Command(ShezuCommand):
    help = "导入填好的党建数据模板 (import a filled Party template)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="填好的模板")
        parser.add_argument(
            "--kind", required=True, choices=TemplateKind.values, help="模板类型 (template kind)"
        )
        parser.add_argument(
            "--json", action="store_true", help="以一个 JSON 对象输出结果 (the report as JSON)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = party_import(options["file"], options["kind"], by=cli_username())
        outcome = WorkbookOutcome(
            file=report.file,
            duplicate_file=report.duplicate_file,
            rows_read=report.rows_read,
            written=report.accepted,
            rejected_rows=report.rejected,
            skipped=report.skipped,
            rejections=report.rejections,
            warnings=report.warnings,
            payload=report.as_json(),
        )
        self.returned_workbook_report(outcome, as_json=options["json"], skipped="无变化")
        if report.rejected and not options["json"]:
            self.stdout.write(
                f"退回的行可导出给区县改正：shezu party rejects {report.batch_id} OUT.xlsx"
            )
