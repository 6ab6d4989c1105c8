"""The bundled Chinese font in Chromium: it loads, and Chinese text is drawn with it.

This machine has Noto Sans CJK installed too, so "Chinese shows" is not proof enough:
Chromium's DevTools protocol names the font each text node was drawn with and whether it
was a web font (isCustomFont), which tells the bundled face from the system's.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from shezu.accounts.models import Account, Role
from shezu.accounts.passwords import password_set
from tests.factories import OrganizationFactory

FAMILY = "Shezu Sans SC"
PASSWORD = "Wuhua@2016pass"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county_user() -> User:
    OrganizationFactory(name="五华区社会组织党建覆盖率审核协会", township="华山街道")
    OrganizationFactory(name="昆明市五华区书法家协会", township="护国街道")
    user = User.objects.create(username="wuhua")
    Account.objects.create(user=user, role=Role.COUNTY, area_code="530102")
    password_set(user, PASSWORD)
    return user


def platform_fonts(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium drew the first element matching `selector` with."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return list(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])


def test_the_pages_load_the_bundled_font_and_draw_chinese_with_it(page, live_server, county_user):
    font_responses: list[tuple[int, str]] = []
    failed: list[str] = []
    page.on(
        "response",
        lambda r: r.url.endswith(".woff2") and font_responses.append((r.status, r.url)),
    )
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "wuhua")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/organizations/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")

    assert page.evaluate(f"document.fonts.check('16px \"{FAMILY}\"', '昆明')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.replace(/\"/g, '') === "
        f"'{FAMILY}').map(f => [f.weight, f.status])"
    )
    # The list's headings are bold, its rows regular: both faces were needed and loaded.
    assert sorted(loaded) == [["400", "loaded"], ["700", "loaded"]]
    assert failed == []
    # Every page fetched them (the test server sends no cache headers), never in vain.
    assert {status for status, _ in font_responses} == {200}
    assert {url.rsplit("/", 1)[1] for _, url in font_responses} == {
        "shezu-sans-sc-regular.woff2",
        "shezu-sans-sc-bold.woff2",
    }

    for selector in ("main h1", "tbody td:nth-child(2) a", "thead th:nth-child(4)"):
        drawn = platform_fonts(page, selector)
        assert drawn, selector
        assert all(font["isCustomFont"] for font in drawn), (selector, drawn)
        assert {font["familyName"] for font in drawn} == {"Noto Sans CJK SC"}, drawn
