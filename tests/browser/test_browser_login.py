"""Signing in through the real pages in Chromium: the header, the password page, lockout."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse

from shezu.accounts.models import Account, Role
from shezu.accounts.passwords import password_set
from tests.factories import OrganizationFactory, photographers

PASSWORD = "Wuhua@2016pass"
WRONG = "Wuhua@2016wrong"

# A live server thread reads what the test wrote: committed rows, not a rolled-back
# transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register() -> None:
    """A small register in 五华区: 昆明市摄影家协会 with its sources, and two more."""
    photographers()
    OrganizationFactory(name="五华区书法家协会", township="华山街道")
    OrganizationFactory(name="五华区青年志愿者协会", township="护国街道")


@pytest.fixture
def county_user(register: None) -> User:
    user = User.objects.create(username="wuhua")
    Account.objects.create(user=user, role=Role.COUNTY, area_code="530102")
    password_set(user, PASSWORD)  # sets password_changed_at, so no forced change first
    return user


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button:has-text('登录')")
    page.wait_for_load_state()


def test_a_county_user_signs_in_and_the_header_shows_their_county(page, live_server, county_user):
    # A script or style the Content Security Policy blocks shows up only in the console;
    # the browser's own /favicon.ico request (there is no icon yet) is not the page's.
    errors: list[str] = []
    page.on("console", lambda message: console_error(message, errors))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))

    log_in(page, live_server.url, "wuhua", PASSWORD)

    assert page.url == f"{live_server.url}/"
    assert page.inner_text("header .who .area") == "五华区"
    assert page.inner_text("header .who .role") == "县级工作人员"
    assert page.inner_text("header .who .user") == "wuhua"
    assert page.inner_text("main h1") == "五华区"
    assert page.evaluate("typeof htmx") == "object"  # the vendored htmx loaded
    assert errors == []


def test_the_password_change_page_renders(page, live_server, county_user):
    log_in(page, live_server.url, "wuhua", PASSWORD)

    page.click("header a:has-text('修改密码')")

    assert page.url == f"{live_server.url}/password/"
    assert page.inner_text("main h1") == "修改密码"
    assert page.locator("input[type=password]").count() == 3
    assert page.locator("button:has-text('保存')").count() == 1


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    page, live_server, county_user
):
    for _ in range(5):
        log_in(page, live_server.url, "wuhua", WRONG)

    log_in(page, live_server.url, "wuhua", PASSWORD)

    assert page.inner_text("main h1") == "账号已锁定"
    assert page.inner_text("main p.error") == (
        "连续 5 次密码错误，账号已暂时锁定；请稍后再试，或请系统管理员解锁。"
    )
    assert page.locator("header .who").count() == 0  # not signed in


def console_error(message: Any, errors: list[str]) -> None:
    if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
        errors.append(f"{message.text} {message.location['url']}")


def organizations_page_exists() -> bool:
    try:
        reverse("web:organizations")
    except NoReverseMatch:
        return False
    return True


@pytest.mark.skipif(
    not organizations_page_exists(),
    reason="the register list page (web:organizations) has not landed",
)
def test_searching_by_pinyin_initials_finds_and_opens_an_organization(
    page, live_server, county_user
):
    log_in(page, live_server.url, "wuhua", PASSWORD)
    page.goto(f"{live_server.url}/organizations/")

    page.fill("input[name=q]", "syjxh")  # 摄影家协会, typed without its region
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    page.click("a:has-text('昆明市摄影家协会')")
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}/organizations/KM0000123/"
    assert "昆明市摄影家协会" in page.inner_text("main h1")
