"""Reads of accounts and the audit log, for the CLI and the audit administrator's page."""

from __future__ import annotations

from django.db.models import QuerySet

from shezu.accounts.models import Account, AuditEvent


def accounts_list() -> QuerySet[Account]:
    """Every account with its user, by username."""
    return Account.objects.select_related("user").order_by("user__username")


def audit_events(*, username: str = "", action: str = "") -> QuerySet[AuditEvent]:
    """The audit log newest first, narrowed to one username and/or one action when given."""
    events = AuditEvent.objects.order_by("-at", "-id")
    if username:
        events = events.filter(username=username)
    if action:
        events = events.filter(action=action)
    return events
