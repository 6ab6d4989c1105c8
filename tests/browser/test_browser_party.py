"""A county clerk in Chromium: the Party-organization tree, a branch with its members
masked, a member found by full ID number, and the full number opened on request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from shezu.accounts.models import Account, AuditEvent, Role
from shezu.accounts.passwords import password_set
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser_login import log_in
from tests.factories import OrganizationFactory
from tests.party_factories import cover, id_number, member, members, party_org, secretary

PASSWORD = "Wuhua@2016pass"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clerk() -> str:
    """五华区's clerk, and a branch of 五华区书法家协会 with five members."""
    OrganizationFactory(org_id="KM0000201", name="五华区书法家协会", township="华山街道")
    branch = party_org("中共五华区书法家协会支部委员会", founded_on=dt.date(2016, 3, 1))
    cover(branch, "KM0000201", joined_on=dt.date(2016, 3, 1))
    number = id_number()
    head = member("李华", branch, number=number, sex="female", employer_org_id="KM0000201")
    members(branch, 4, employer_org_id="KM0000201")
    secretary(branch, "李华", head, started_on=dt.date(2016, 3, 1))
    user = User.objects.create(username="wuhua")
    Account.objects.create(user=user, role=Role.COUNTY, area_code="530102")
    password_set(user, PASSWORD)
    return number


def test_a_clerk_walks_from_the_tree_to_a_member_and_opens_the_number(page, live_server, clerk):
    number = clerk
    log_in(page, live_server.url, "wuhua", PASSWORD)

    page.click("header nav a:has-text('党组织')")
    assert page.inner_text("main h1") == "党组织"
    assert "党组织 1 个，党员 5 名" in page.inner_text("p.summary")
    page.screenshot(path=str(SCREENSHOTS / "party_tree.png"), full_page=True)
    page.click("ul.tree a:has-text('中共五华区书法家协会支部委员会')")
    assert page.inner_text("main h1") == "中共五华区书法家协会支部委员会"
    table = page.inner_text("table.members")
    assert number not in table and f"{number[:6]}********{number[-4:]}" in table

    page.goto(f"{live_server.url}/party/members/")
    page.fill("input[name=q]", number)
    page.click("button:has-text('查找')")
    page.click("table.members a:has-text('李华')")
    assert number not in page.inner_text("main")
    page.click("button:has-text('查看完整号码')")

    assert page.inner_text(".revealed") == number
    assert "五华区书法家协会" in page.inner_text("main table")  # the employer by name
    opened = AuditEvent.objects.filter(object_type="member", detail__id_number_opened=True)
    assert opened.count() == 1
