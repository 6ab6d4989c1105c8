"""Chromium driven by Playwright against pytest-django's live server.

The browser is Debian's Chromium (/usr/bin/chromium): Playwright cannot download its own
here. Without it the browser tests skip, except where SHEZU_REQUIRE_BROWSER=1 (CI),
where a missing browser must fail rather than pass silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# As root in a sandbox Chromium needs --no-sandbox; without the background-networking
# flags it tries to reach Google's services and its connections are refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("SHEZU_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SHEZU_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop in this thread, so Django would refuse the
    # tests' own ORM calls as "async"; the calls are in fact synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context per test (no cookies carried over); its full page is saved
    to test-artifacts/screenshots/<test name>.png at the end, passed or failed."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]", "_", request.node.name)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()
