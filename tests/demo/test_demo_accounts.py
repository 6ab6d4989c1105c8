"""The demo's three logins: one per level, the printed password valid under the rules."""

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.test import Client

from shezu.accounts.models import Account, PasswordHistory
from shezu.demo.accounts import DEMO_PASSWORD, demo_accounts_create

pytestmark = pytest.mark.django_db


def accounts() -> list[tuple[str, str, str, bool]]:
    return [
        (a.user.username, a.role, a.area_code, a.password_changed_at is not None)
        for a in Account.objects.select_related("user").order_by("user__username")
    ]


def test_three_demo_logins_one_per_level_sign_in_with_the_printed_password():
    demo_accounts_create()

    assert accounts() == [
        ("city_demo", "city", "530100", True),
        ("huashan_demo", "township", "530102001", True),
        ("wuhua_demo", "county", "530102", True),
    ]
    for username in ("city_demo", "wuhua_demo", "huashan_demo"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username


def test_the_demo_password_meets_the_password_rules():
    validate_password(DEMO_PASSWORD, User(username="wuhua_demo"))  # raises if refused


def test_a_rerun_changes_nothing_but_restores_a_changed_password():
    demo_accounts_create()
    wuhua = User.objects.get(username="wuhua_demo")
    wuhua.set_password("Other@password1")
    wuhua.save()
    Account.objects.filter(user=wuhua).update(area_code="530103")

    demo_accounts_create()

    assert accounts() == [
        ("city_demo", "city", "530100", True),
        ("huashan_demo", "township", "530102001", True),
        ("wuhua_demo", "county", "530102", True),
    ]
    assert User.objects.get(username="wuhua_demo").check_password(DEMO_PASSWORD)
    assert User.objects.count() == 3
    # Only the password the rerun replaced went into the history; the others were kept.
    assert list(PasswordHistory.objects.values_list("user__username", flat=True)) == ["wuhua_demo"]


def test_a_rerun_lifts_a_demo_users_lockout():
    demo_accounts_create()
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "wuhua_demo", "password": "Wrong@pass-1"})
    assert (
        client.post("/login/", {"username": "wuhua_demo", "password": DEMO_PASSWORD}).status_code
        == 429
    )

    demo_accounts_create()

    assert (
        client.post("/login/", {"username": "wuhua_demo", "password": DEMO_PASSWORD}).status_code
        == 302
    )
