"""Accounts as other contexts see them: a user's role and area, and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shezu.accounts.audit import audit_record
from shezu.accounts.models import (
    BUSINESS_ROLES,
    ID_NUMBER_ROLES,
    WRITING_ROLES,
    Account,
    AuditAction,
    Role,
)

__all__ = ["AccountRef", "AuditAction", "Role", "account_of", "audit_record"]


@dataclass(frozen=True)
class AccountRef:
    username: str
    role: str
    role_label: str
    area_code: str

    @property
    def sees_business_data(self) -> bool:
        return self.role in BUSINESS_ROLES

    @property
    def writes(self) -> bool:
        return self.role in WRITING_ROLES

    @property
    def opens_id_numbers(self) -> bool:
        """May open a member's full ID number (audited); lists stay masked for everyone."""
        return self.role in ID_NUMBER_ROLES


def account_of(user: Any) -> AccountRef | None:
    """The signed-in user's role and area; None for anonymous users or users without an
    account (who therefore see nothing)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_shezu_account", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    account = Account.objects.filter(user=user).first()
    if account is None:
        return None
    found = AccountRef(
        user.get_username(), account.role, Role(account.role).label, account.area_code
    )
    user._shezu_account = found
    return found
