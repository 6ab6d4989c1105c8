"""Writing to the audit log (审计日志): one function every context calls."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import Any, Final

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from shezu.accounts.models import AuditEvent

MIN_RETENTION_DAYS: Final = 180


def audit_record(
    request: Any,
    action: str,
    *,
    username: str | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; the user and address come from the request when it has them."""
    user = getattr(request, "user", None)
    if username is None:
        username = user.get_username() if user is not None and user.is_authenticated else ""
    meta = getattr(request, "META", {}) or {}
    return AuditEvent.objects.create(
        username=username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
        ip=meta.get("REMOTE_ADDR") or None,
    )


def audit_retention_days() -> int:
    """How long events are kept: AUDIT_RETENTION_DAYS, and never under 180 days."""
    # The graded-protection baseline keeps the audit log for six months; a mistyped
    # setting must not shorten that.
    return max(MIN_RETENTION_DAYS, int(settings.AUDIT_RETENTION_DAYS))


def audit_purge_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Events before this moment are past the retention period."""
    return (now or timezone.now()) - dt.timedelta(days=audit_retention_days())


def audit_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete the events past the retention period; how many there were.

    The one way events leave the log. The model refuses delete() and its queryset refuses
    update() and delete() so no page or service can rewrite history; this batch job goes
    below the ORM with one plain DELETE instead of weakening that refusal.
    """
    cutoff = audit_purge_cutoff(now)
    if dry_run:
        return AuditEvent.objects.filter(at__lt=cutoff).count()
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    column = connection.ops.quote_name(AuditEvent._meta.get_field("at").column)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {column} < %s",  # names quoted above, value bound
            [connection.ops.adapt_datetimefield_value(cutoff)],
        )
        deleted: int = cursor.rowcount
    return max(deleted, 0)


def cli_username() -> str:
    """`cli:<operating-system user>`: who ran a command, as the audit log names them."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        who = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return f"cli:{who}"
