"""A clerk imports a department file in Chromium: upload, check the mapping, watch the job's
progress page reach 完成 with its summary, download the rejected rows.

Unlike the other tests the job really runs in the background here: a huey consumer
thread on a SQLite job store of the test's own, as `shezu serve` runs it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User

from shezu.accounts.models import Account, Role
from shezu.accounts.passwords import password_set
from shezu.census.models import SourceRecord
from shezu.web.models import Job, JobState
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser_login import PASSWORD, console_error, log_in
from tests.factories import make_uscc, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [
    ["序号", "社会组织名称", "统一社会信用代码", "住所", "联系电话"],
    [1, "昆明市摄影家协会", make_uscc("51530100", "MJY00001"), "五华区人民中路123号", ""],
    [2, "五华区书法家协会", make_uscc("51530102", "MJY00002"), "五华区翠湖南路5号", ""],
    [3, "", "", "", ""],
    [4, "五华区青年志愿者协会", "", "五华区护国街道", "13888888888"],
]


@pytest.fixture
def background_jobs(tmp_path: Path, settings: Any) -> Iterator[None]:
    """Jobs leave the request: huey out of immediate mode, its store a file in tmp_path,
    one consumer thread in this process (web.jobs.consumer_start, as `shezu serve`)."""
    from huey.contrib.djhuey import HUEY

    from shezu.web.jobs import consumer_start, consumer_stop

    settings.DATA_DIR = tmp_path / "data"
    kept = dict(HUEY.storage_kwargs)
    HUEY.storage_kwargs["filename"] = str(tmp_path / "jobs.sqlite3")
    HUEY.immediate = False  # huey makes its SQLite store anew
    consumer = consumer_start()
    yield
    consumer_stop(consumer)
    HUEY.storage_kwargs.clear()
    HUEY.storage_kwargs.update(kept)
    HUEY.immediate = True


@pytest.fixture
def slow_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import waits two seconds before it starts, so that the job page is seen
    running and must be brought to 完成 by htmx's polling, not by the first answer."""
    from shezu.web import jobs

    real = jobs.batch_import

    def batch_import(**kwargs: Any) -> Any:
        time.sleep(2)
        return real(**kwargs)

    monkeypatch.setattr(jobs, "batch_import", batch_import)


@pytest.fixture
def county_clerk() -> User:
    user = User.objects.create(username="wuhua")
    Account.objects.create(user=user, role=Role.COUNTY, area_code="530102")
    password_set(user, PASSWORD)
    return user


def test_a_clerk_imports_a_file_watches_it_finish_and_downloads_the_rejects(
    page: Any,
    live_server: Any,
    county_clerk: User,
    background_jobs: None,
    slow_import: None,
    tmp_path: Path,
) -> None:
    department_file = write_csv(tmp_path / "民政_社会组织登记.csv", ROWS)
    # htmx's polling must work under the Content Security Policy: no console errors.
    errors: list[str] = []
    page.on("console", lambda message: console_error(message, errors))
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server.url, "wuhua", PASSWORD)

    page.click("header nav a:has-text('导入')")
    page.set_input_files("input[name=file]", str(department_file))
    page.select_option("select[name=department]", "民政")
    page.fill("input[name=as_of]", "2016-03-31")
    page.click("button:has-text('上传并预览')")
    page.wait_for_load_state()

    assert page.inner_text("main h1") == "核对字段映射：民政_社会组织登记.csv"
    assert page.locator("select[name=column_1]").input_value() == "name"
    assert page.locator("table.preview tbody tr").count() == 4
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import_preview.png"), full_page=True)
    page.click("button:has-text('确认并开始导入')")
    page.wait_for_load_state()

    job = Job.objects.get()
    assert page.url == f"{live_server.url}/jobs/{job.pk}/"
    assert page.inner_text("section.job-status .state strong") in ("排队中", "进行中")
    assert page.locator("section.job-status[hx-trigger='every 1s']").count() == 1
    page.wait_for_selector("section.job-status.done", timeout=30_000)  # htmx polls until then
    assert page.inner_text("section.job-status .state strong") == "完成"
    summary = page.inner_text("section.job-status p.summary")
    assert "读取 4 行" in summary and "导入 3 行" in summary and "退回 1 行" in summary
    assert page.inner_text("table.rejected tbody tr td.number") == "4"
    assert page.locator("progress").get_attribute("value") == "4"
    assert Job.objects.get().state == JobState.DONE and SourceRecord.objects.count() == 3
    assert errors == []

    with page.expect_download() as download_info:
        page.click("a:has-text('下载退回行')")
    download = download_info.value
    assert download.suggested_filename == "退回_民政_社会组织登记.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert [row[:3] for row in rows] == [("原文件行号", "退回原因", "序号"), (4, rows[1][1], "3")]
