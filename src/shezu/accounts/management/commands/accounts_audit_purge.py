"""shezu accounts audit-purge [--dry-run]: delete audit events past the retention period."""

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from shezu.accounts.audit import (
    audit_purge,
    audit_purge_cutoff,
    audit_record,
    audit_retention_days,
    cli_username,
)
from shezu.accounts.models import AuditAction
from shezu.commands import ShezuCommand
from shezu.terminal import local_time


class Command(ShezuCommand):
    help = "删除超过保存期限的审计日志（至少保存 180 天）(purge old audit events)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        cutoff = audit_purge_cutoff(now)
        count = audit_purge(now=now, dry_run=options["dry_run"])
        before = f"{local_time(cutoff)} 之前的审计日志（保存 {audit_retention_days()} 天）"
        if options["dry_run"]:
            self.stdout.write(f"预演（未删除）：{before}共 {count:,} 条")
        else:
            # The purge itself is recorded, after the deletion, so its own line survives it.
            audit_record(
                None,
                AuditAction.CHANGE,
                username=cli_username(),
                object_type="audit_log",
                detail={"change": "purged", "before": cutoff.isoformat(), "deleted": count},
            )
            self.stdout.write(f"已删除{before}共 {count:,} 条")
        self.database_line()
