"""Users for the web tests: a role and an area (辖区), signed in with `force_login`."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from shezu.accounts.models import Account
from shezu.accounts.tokens import token_create


@pytest.fixture
def user_in(db: Any) -> Callable[[str, str], User]:
    """`user_in("county", "530102")`: a user of that role and area, password fresh."""
    made = iter(range(1, 1000))

    def make(role: str, area: str) -> User:
        user = User.objects.create_user(f"{role}{area}-{next(made)}", password="x")
        Account.objects.create(
            user=user, role=role, area_code=area, password_changed_at=timezone.now()
        )
        return user

    return make


@pytest.fixture
def bearer() -> Callable[[User], dict[str, str]]:
    """The header an API client sends: `client.get(url, **bearer(user))`."""

    def headers(user: User) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user)}"}

    return headers
