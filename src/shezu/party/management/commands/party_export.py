"""shezu party export --kind K OUT.xlsx [--area CODE] [--reveal-ids]: the records as they
stand, in the template's layout (an export can be filled again and re-imported)."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.accounts.api import AuditAction, audit_record
from shezu.accounts.audit import cli_username
from shezu.commands import ShezuCommand, output_file
from shezu.party.exports import records_export
from shezu.party.models import TemplateKind


class Command(ShezuCommand):
    help = "按模板格式导出党建数据 (export records in the template layout)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", required=True, choices=TemplateKind.values, help="模板类型 (template kind)"
        )
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx", help="导出文件")
        parser.add_argument(
            "--area", metavar="CODE", help="只导出该区县（6位）或市级（530100）的 (one area)"
        )
        parser.add_argument(
            "--reveal-ids",
            action="store_true",
            help="导出完整的公民身份号码（记入审计日志） (full ID numbers; audited)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = options["area"].strip() if options["area"] else None
        count = records_export(
            options["kind"], options["out"], area=area, reveal_ids=options["reveal_ids"]
        )
        if options["reveal_ids"]:
            audit_record(
                None,
                AuditAction.EXPORT,
                username=cli_username(),
                object_type=f"party_{options['kind']}",
                detail={"file": str(options["out"]), "area": area or "", "rows": count,
                        "reveal_ids": True},
            )  # fmt: skip
        label = TemplateKind(options["kind"]).label
        self.stdout.write(f"{options['out']}: {label} {count:,} 行 (rows exported)")
        self.database_line()
