"""Writing to the audit log (审计日志): one function every context calls."""

from __future__ import annotations

from typing import Any

from shezu.accounts.models import AuditEvent


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
