"""Logins, failed logins, logouts and lockouts go to the audit log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from shezu.accounts.audit import audit_record
from shezu.accounts.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(request, AuditAction.LOGIN, username=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(request, AuditAction.LOGOUT, username=user.get_username())


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The password tried is never logged.
    audit_record(request, AuditAction.LOGIN_FAILED, username=str(credentials.get("username", "")))


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str = "", **kwargs: Any) -> None:
    audit_record(request, AuditAction.LOCKED_OUT, username=username or "")
