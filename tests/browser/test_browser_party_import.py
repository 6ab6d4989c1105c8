"""A county clerk imports a Party members file in Chromium: upload it without choosing its
kind, see the preview with the ID numbers masked, confirm, watch the job reach 完成 and
read the rejected row on the job page.

The job really runs in the background, on the consumer thread of test_browser_import.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from shezu.party.models import Member
from shezu.party.services import party_import
from shezu.web.models import Job, JobState
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser_import import background_jobs, county_clerk  # noqa: F401 - fixtures
from tests.browser.test_browser_login import PASSWORD, console_error, log_in
from tests.factories import PHOTOGRAPHERS_USCC
from tests.party.party_import_builders import filled, make_id, register

pytestmark = pytest.mark.django_db(transaction=True)

BRANCH = "中共昆明市摄影家协会支部委员会"
LI = make_id("19850101", "123")
BAD = make_id("19860202", "124")[:-1] + "X"  # a wrong check character


@pytest.fixture
def branch(tmp_path: Path) -> None:
    register()
    party_import(filled(tmp_path, "orgs", [{
        "党组织名称": BRANCH, "党组织类别": "党支部", "上级党组织": "中共昆明市社会组织综合委员会",
        "覆盖社会组织": PHOTOGRAPHERS_USCC, "成立日期": "2016-03-01",
    }], name="setup_orgs.xlsx"), "orgs")  # fmt: skip


@pytest.fixture
def slow_party_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import waits two seconds, so the job page is seen running and brought to 完成
    by htmx's polling."""
    from shezu.web import jobs

    real = jobs.party_import

    def delayed(*args: Any, **kwargs: Any) -> Any:
        time.sleep(2)
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "party_import", delayed)


def test_a_county_clerk_imports_members_and_sees_the_rejected_row(
    page: Any,
    live_server: Any,
    county_clerk: User,  # noqa: F811 - the fixture imported above
    background_jobs: None,  # noqa: F811
    branch: None,
    slow_party_import: None,
    tmp_path: Path,
) -> None:
    members = filled(tmp_path, "members", [
        {"姓名": "李明", "公民身份号码": LI, "入党日期": "2005-07-01", "人员类别": "正式党员",
         "所在党组织": BRANCH, "工作单位": PHOTOGRAPHERS_USCC},
        {"姓名": "王芳", "公民身份号码": BAD, "入党日期": "2006-07-01", "人员类别": "正式党员",
         "所在党组织": BRANCH, "工作单位": PHOTOGRAPHERS_USCC},
    ], name="党员_五华区.xlsx")  # fmt: skip
    errors: list[str] = []
    page.on("console", lambda message: console_error(message, errors))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "wuhua", PASSWORD)

    page.click("header nav a:has-text('导入')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "party_import_form.png"), full_page=True)
    form = page.locator("form.party")
    form.locator("input[name=file]").set_input_files(str(members))
    form.locator("button:has-text('上传并预览')").click()
    page.wait_for_load_state()

    assert page.inner_text("main h1") == "核对党建数据：党员_五华区.xlsx"
    assert page.locator("table.preview tbody tr").count() == 2
    html = page.content()
    assert LI not in html and BAD not in html
    assert f"{LI[:6]}********{LI[-4:]}" in page.inner_text("table.preview")
    page.screenshot(path=str(SCREENSHOTS / "party_import_preview.png"), full_page=True)
    page.click("button:has-text('确认并开始导入')")
    page.wait_for_load_state()

    job = Job.objects.get()
    assert page.url == f"{live_server.url}/jobs/{job.pk}/"
    assert page.inner_text("section.job-status .state strong") in ("排队中", "进行中")
    page.wait_for_selector("section.job-status.done", timeout=30_000)  # htmx polls until then
    summary = page.inner_text("section.job-status p.summary")
    assert "读取 2 行" in summary and "导入 1 行" in summary and "退回 1 行" in summary
    cells = page.locator("table.rejected tbody tr td").all_inner_texts()
    assert cells[:2] == ["4", "公民身份号码"]
    assert BAD not in page.content()
    assert page.inner_text("p.back") == "← 导入党建数据"
    assert page.locator("a:has-text('下载退回行')").count() == 1
    assert Job.objects.get().state == JobState.DONE
    assert list(Member.objects.values_list("name", flat=True)) == ["李明"]
    assert errors == []
