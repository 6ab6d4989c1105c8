"""shezu party rejects BATCH_ID OUT.xlsx [--reveal-ids]: the rows an import rejected, in
the template's layout with the reasons, for the county to correct and import again."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.accounts.api import AuditAction, audit_record
from shezu.accounts.audit import cli_username
from shezu.commands import ShezuCommand, output_file, positive
from shezu.party.exports import rejects_write


class Command(ShezuCommand):
    help = "导出某次导入被退回的行 (write an import's rejected rows for the county)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", type=positive, metavar="BATCH_ID", help="导入批次编号")
        parser.add_argument("out", type=output_file, metavar="OUT.xlsx", help="导出文件")
        parser.add_argument(
            "--reveal-ids",
            action="store_true",
            help="导出完整的公民身份号码（记入审计日志） (full ID numbers; audited)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rejects_write(options["batch_id"], options["out"], reveal_ids=options["reveal_ids"])
        if options["reveal_ids"]:
            audit_record(
                None,
                AuditAction.EXPORT,
                username=cli_username(),
                object_type="party_rejects",
                object_id=str(options["batch_id"]),
                detail={"file": str(options["out"]), "rows": count, "reveal_ids": True},
            )
        self.stdout.write(f"{options['out']}: 退回 {count:,} 行 (rejected rows written)")
        self.database_line()
