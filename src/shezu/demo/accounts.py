"""The demo's logins: one user each for the city, 五华区 and its 华山街道, so whoever runs
`shezu demo` can sign in at once and see how each level's view of the register differs.

Written here rather than through `account_create`, because a rerun must put existing
users back as they were; the password still goes through `password_set`, the one way a
password changes, so the change date is kept and the expiry middleware lets the user in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from shezu.accounts.models import Account, Role
from shezu.accounts.passwords import password_set
from shezu.accounts.services import account_unlock
from shezu.census.api import CITY_CODE, townships

# Printed on the screen for everyone at the demo; it meets the password rules (length 10,
# three character classes) so the demo shows the real policy, not an exception to it.
DEMO_PASSWORD = "Shezu@2016demo"
WUHUA = "530102"
HUASHAN = "华山街道"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    area_code: str


def demo_logins() -> list[DemoLogin]:
    """The three demo users: city, county (五华区) and township (华山街道)."""
    huashan = next(town.township_code for town in townships(WUHUA) if town.name == HUASHAN)
    return [
        DemoLogin("city_demo", Role.CITY, CITY_CODE),
        DemoLogin("wuhua_demo", Role.COUNTY, WUHUA),
        DemoLogin("huashan_demo", Role.TOWNSHIP, huashan),
    ]


def demo_accounts_create() -> list[DemoLogin]:
    """Create the demo users, or put them back as they were: role, area, active, not locked
    out, and the demo password (a rerun restores it, so the printed login always works)."""
    logins = demo_logins()
    with transaction.atomic():
        for login in logins:
            user, _ = User.objects.get_or_create(username=login.username)
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
            Account.objects.update_or_create(
                user=user, defaults={"role": login.role, "area_code": login.area_code}
            )
            if not user.check_password(DEMO_PASSWORD):
                password_set(user, DEMO_PASSWORD)
            account_unlock(username=login.username, by="demo")
    return logins
