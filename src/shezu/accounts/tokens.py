"""API tokens (接口令牌): made once and shown once; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from shezu.accounts.models import ApiToken

PREFIX_LENGTH = 8


def token_create(user: Any) -> str:
    """A new token for the user; the caller shows it once, shezu never again."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash(key), prefix=key[:PREFIX_LENGTH])
    return key


def user_for_token(key: str) -> User | None:
    """The active user a token that is not revoked belongs to; None otherwise."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
