"""What every page's header shows: the signed-in user's role and area."""

from typing import Any

from django.http import HttpRequest

from shezu.accounts.api import account_of
from shezu.accounts.areas import area_name


def user_area(request: HttpRequest) -> dict[str, Any]:
    account = account_of(getattr(request, "user", None))
    if account is None:
        return {}
    return {"account": account, "area_name": area_name(account.area_code) or account.area_code}
