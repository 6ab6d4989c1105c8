"""The import pages (导入) and background jobs: upload, preview, mapping, the job's page,
its progress fragment, the rejects workbook, the relink, and who may do what.

Jobs run inline in tests (tests/conftest.py), so the job has ended when the page answers.
"""

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from shezu.accounts.models import AuditEvent
from shezu.census.models import ImportBatch, RejectedRow, SourceRecord
from shezu.web import jobs
from shezu.web.models import Job, JobKind, JobState
from tests.factories import PANLONG, WUHUA, make_uscc, write_csv

pytestmark = pytest.mark.django_db

HEADER = ["序号", "社会组织名称", "统一社会信用代码", "住所", "联系电话"]
PHOTO = make_uscc("51530100", "MJY00001")
CALLIGRAPHY = make_uscc("51530102", "MJY00002")
ROWS = [
    HEADER,
    [1, "昆明市摄影家协会", PHOTO, "五华区人民中路123号", "(0871)65123456"],
    [2, "五华区书法家协会", CALLIGRAPHY, "五华区华山街道翠湖南路5号", "13888888888"],
    [3, "", "", "", ""],  # the clerk left a numbered row blank: nothing identifies it
    [4, "五华区青年志愿者协会", "", "五华区护国街道", ""],
]


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """Uploads go under DATA_DIR/uploads: a folder of the test's own."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return Path(settings.DATA_DIR)


@pytest.fixture
def clerk(client: Client, user_in: Callable[[str, str], User]) -> User:
    user = user_in("county", WUHUA)
    client.force_login(user)
    return user


def department_file(tmp_path: Path, rows: list[list[object]] = ROWS) -> Path:
    return write_csv(tmp_path / "民政_登记.csv", rows)


def upload(client: Client, path: Path, **fields: str) -> Any:
    with path.open("rb") as handle:
        return client.post(
            reverse("web:imports"),
            {"file": handle, "department": "民政", "as_of": "2016-03-31", **fields},
        )


def confirm(client: Client, response: Any, **overrides: str) -> Any:
    """Confirm the preview with its guessed fields, some columns changed."""
    choices = {
        f"column_{index}": choice for index, _, choice in response.context["columns"]
    } | overrides
    return client.post(reverse("web:import_confirm"), choices)


def import_through_pages(client: Client, path: Path, **overrides: str) -> Job:
    response = confirm(client, upload(client, path), **overrides)
    assert response.status_code == 302
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert response["Location"] == reverse("web:job", args=[job.pk])
    return job


def test_the_form_offers_the_departments_and_todays_date(client: Client, clerk: User) -> None:
    response = client.get(reverse("web:imports"))

    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["departments"] == ("民政", "司法", "财政", "税务", "工商", "备案")
    assert 'type="date" name="as_of"' in page
    assert "上传并预览" in page and "重新关联" in page


def test_an_upload_shows_the_guessed_mapping_and_the_first_rows(
    client: Client, clerk: User, tmp_path: Path, data_dir: Path
) -> None:
    response = upload(client, department_file(tmp_path))

    assert response.status_code == 200
    assert response.context["columns"] == [
        (0, "序号", "record_id"),
        (1, "社会组织名称", "name"),
        (2, "统一社会信用代码", "uscc"),
        (3, "住所", "address"),
        (4, "联系电话", "phone"),
    ]
    preview = response.context["preview"]
    assert (preview.header_row, preview.rows_total) == (1, 4)
    assert preview.rows[0] == [
        "1",
        "昆明市摄影家协会",
        PHOTO,
        "五华区人民中路123号",
        "(0871)65123456",
    ]
    page = response.content.decode()
    assert "共 <strong>4</strong> 行数据" in page and "不导入" in page
    assert Job.objects.count() == 0  # nothing queued before the clerk confirms


def test_a_confirmed_import_runs_and_its_page_shows_the_summary(
    client: Client, clerk: User, tmp_path: Path, data_dir: Path
) -> None:
    job = import_through_pages(client, department_file(tmp_path))

    job.refresh_from_db()
    assert (job.kind, job.state, job.error) == (JobKind.IMPORT, JobState.DONE, "")
    assert (job.department, job.as_of.isoformat(), job.rows_total) == ("民政", "2016-03-31", 4)
    assert (job.created_by, job.area_code) == (clerk, WUHUA)
    stored = data_dir / "uploads" / str(job.pk) / "民政_登记.csv"
    assert job.file_path == str(stored) and stored.is_file()
    assert not any((data_dir / "uploads" / "staging").iterdir())
    result = job.result
    assert (result["rows_read"], result["accepted"], result["rejected"]) == (4, 3, 1)
    assert SourceRecord.objects.count() == 3 and RejectedRow.objects.count() == 1

    page = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert "状态：<strong>完成</strong>" in page
    assert "读取 <strong>4</strong> 行" in page and "导入 <strong>3</strong> 行" in page
    assert "退回 <strong>1</strong> 行" in page
    # The rejected row as Excel numbers it: the header is line 1, the blank row line 4.
    assert '<td class="number">4</td><td>名称: ' in page
    assert reverse("web:job_rejects", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: nothing polls
    audit = AuditEvent.objects.get(action="change", object_type="import_job")
    assert (audit.object_id, audit.username) == (str(job.pk), clerk.username)


def test_the_rejects_workbook_lists_the_rejected_row_by_its_number(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    job = import_through_pages(client, department_file(tmp_path))

    response = client.get(reverse("web:job_rejects", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("原文件行号", "退回原因", "序号")
    assert len(rows) == 2 and rows[1][0] == 4 and rows[1][2] == "3"
    assert AuditEvent.objects.filter(action="export", object_type="import_rejects").count() == 1


def test_the_same_file_twice_is_a_duplicate_and_changes_nothing(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    first = import_through_pages(client, department_file(tmp_path))
    second = import_through_pages(client, department_file(tmp_path))

    second.refresh_from_db()
    assert second.state == JobState.DONE
    assert second.result["duplicate_file"] is True
    assert second.result["batch_id"] == Job.objects.get(pk=first.pk).result["batch_id"]
    assert ImportBatch.objects.count() == 1 and SourceRecord.objects.count() == 3
    page = client.get(reverse("web:job", args=[second.pk])).content.decode()
    assert "此文件已导入过" in page


def test_a_file_without_a_header_is_refused_on_the_form(
    client: Client, clerk: User, tmp_path: Path, data_dir: Path
) -> None:
    path = write_csv(tmp_path / "随便.csv", [["甲", "乙"], ["1", "2"]])

    response = upload(client, path)

    assert response.status_code == 200
    assert response.context["error"] == (
        "无法读取文件，未导入任何内容：随便.csv：前30行中找不到表头行 (no header row found)；"
        "请提供字段映射文件，或检查文件是否为数据表"
    )
    assert response.context["department"] == "民政"
    assert Job.objects.count() == 0
    assert not any((data_dir / "uploads" / "staging").iterdir())


def test_a_changed_mapping_changes_what_is_imported(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    # The clerk does not trust the credit codes of this list: 不导入 for that column.
    job = import_through_pages(client, department_file(tmp_path), column_2="")

    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert "uscc" not in job.mapping["columns"]
    assert job.result["unmapped_headers"] == ["统一社会信用代码"]
    assert list(SourceRecord.objects.values_list("uscc", flat=True)) == ["", "", ""]


def test_one_field_chosen_for_two_columns_is_refused_on_the_preview(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    response = confirm(client, upload(client, department_file(tmp_path)), column_3="name")

    assert response.status_code == 200
    assert response.context["error"] == (
        "民政_登记.csv，字段「name」：「社会组织名称」和「住所」都选为「名称」；每个字段只能选一列"
    )
    assert Job.objects.count() == 0


def test_another_countys_user_gets_404_and_the_city_sees_the_job(
    client: Client, clerk: User, user_in: Callable[[str, str], User], tmp_path: Path
) -> None:
    job = import_through_pages(client, department_file(tmp_path))
    urls = [
        reverse(name, args=[job.pk]) for name in ("web:job", "web:job_status", "web:job_rejects")
    ]

    client.force_login(user_in("county", PANLONG))
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    client.force_login(user_in("county", WUHUA))  # the same county, but not the creator
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    client.force_login(user_in("city", "530100"))
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


@pytest.mark.parametrize(("role", "area"), [("inspector", WUHUA), ("township", "530102001")])
def test_inspectors_and_townships_may_not_import_or_relink(
    client: Client, user_in: Callable[[str, str], User], tmp_path: Path, role: str, area: str
) -> None:
    client.force_login(user_in(role, area))

    assert upload(client, department_file(tmp_path)).status_code == 403
    assert client.post(reverse("web:import_confirm")).status_code == 403
    assert client.post(reverse("web:relink")).status_code == 403
    page = client.get(reverse("web:imports")).content.decode()
    assert "上传并预览" not in page
    assert Job.objects.count() == 0


def test_the_administrators_get_404(client: Client, user_in: Callable[[str, str], User]) -> None:
    client.force_login(user_in("sysadmin", "530100"))

    assert client.get(reverse("web:imports")).status_code == 404
    assert client.post(reverse("web:relink")).status_code == 404


def test_the_nav_offers_import_to_those_who_may(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    imports = f'href="{reverse("web:imports")}"'
    for role, area, shown in [
        ("city", "530100", True),
        ("county", WUHUA, True),
        ("township", "530102001", False),
        ("inspector", WUHUA, False),
    ]:
        client.force_login(user_in(role, area))
        assert (imports in client.get(reverse("web:home")).content.decode()) is shown, role


def test_a_relink_joins_the_one_queued(client: Client, clerk: User) -> None:
    queued = Job.objects.create(kind=JobKind.RELINK, created_by=clerk, area_code=WUHUA)

    response = client.post(reverse("web:relink"))

    assert response["Location"] == reverse("web:job", args=[queued.pk])
    assert Job.objects.count() == 1


def test_a_relink_is_seen_by_those_who_may_relink_an_import_only_by_its_creator(
    client: Client, clerk: User, user_in: Callable[[str, str], User]
) -> None:
    relink = Job.objects.create(kind=JobKind.RELINK, created_by=clerk, area_code=WUHUA)
    imported = Job.objects.create(kind=JobKind.IMPORT, created_by=clerk, area_code=WUHUA)

    for role, area, relink_status in [
        ("county", PANLONG, 200),
        ("township", "530102001", 404),
        ("inspector", WUHUA, 404),
    ]:
        client.force_login(user_in(role, area))
        assert client.get(reverse("web:job", args=[relink.pk])).status_code == relink_status
        assert client.get(reverse("web:job", args=[imported.pk])).status_code == 404


def test_a_relink_reports_its_stages_and_ends_done(
    client: Client, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []

    def register_link(*, progress: Callable[[str], None]) -> Any:
        for stage in ("reading", "features", "writing"):
            progress(stage)
            seen.append(jobs.job_progress(Job.objects.get(kind=JobKind.RELINK)))
        return SimpleNamespace(pk=7, records=3)

    monkeypatch.setattr(jobs, "register_link", register_link)

    response = client.post(reverse("web:relink"))

    job = Job.objects.get()
    assert response["Location"] == reverse("web:job", args=[job.pk])
    assert (job.state, job.result) == (JobState.DONE, {"run_id": 7, "records": 3})
    assert [(p.value, p.maximum, p.text) for p in seen] == [
        (0, 7, "读取来源记录"),
        (1, 7, "计算比对特征"),
        (6, 7, "写入资料库"),
    ]
    assert AuditEvent.objects.filter(object_type="relink_job", object_id=str(job.pk)).exists()


def test_a_relink_of_an_empty_register_fails_with_one_line(client: Client, clerk: User) -> None:
    client.post(reverse("web:relink"))

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.error == "还没有导入任何来源记录 (no source records: run census import first)"
    page = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert "状态：<strong>失败</strong>" in page and job.error in page
    assert '<progress value="0" max="7">' in page
    assert "Traceback" not in page


def test_the_progress_fragment_polls_while_running_and_stops_when_done(
    client: Client, clerk: User
) -> None:
    job = Job.objects.create(
        kind=JobKind.IMPORT,
        state=JobState.RUNNING,
        created_by=clerk,
        area_code=WUHUA,
        file_name="民政.csv",
        department="民政",
        rows_total=4,
    )
    HUEY.put(f"shezu:job:{job.pk}:progress", {"value": 2, "text": "已读取 2 行"})
    url = reverse("web:job_status", args=[job.pk])

    running = client.get(url).content.decode()

    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in running
    assert '<progress value="2" max="4">' in running
    assert "已读取 2 行（共 4 行）" in running and "进行中" in running

    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        result={"rows_read": 4, "accepted": 4, "rejected": 0, "skipped": 0, "batch_id": 1},
    )
    done = client.get(url).content.decode()

    assert "hx-trigger" not in done and "hx-get" not in done
    assert '<progress value="4" max="4">' in done and "已读取 4 行" in done
    assert "读取 <strong>4</strong> 行" in done and "下载退回行" not in done
    HUEY.delete(f"shezu:job:{job.pk}:progress")


def test_shezu_worker_starts_the_consumer_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """`shezu worker` as an operator runs it: a real process on a fresh data folder."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHEZU_")}
    environment["SHEZU_DATA_DIR"] = str(tmp_path)
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "shezu"), "worker"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # A process started in the background ignores Ctrl+C unless told otherwise.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline().startswith("后台任务已启动")  # after migrating
        time.sleep(1)  # into the consumer's loop
        worker.send_signal(signal.SIGINT)
        out, _ = worker.communicate(timeout=30)
    finally:
        worker.kill()

    # 0 once the consumer's loop runs; 130 (interrupted) if Ctrl+C came before it did.
    assert worker.returncode in (0, 130) and "Traceback" not in out
    assert (tmp_path / "jobs.sqlite3").is_file() and (tmp_path / "shezu.sqlite3").is_file()


def test_a_job_left_running_by_a_stopped_process_fails_when_a_consumer_starts(
    clerk: User,
) -> None:
    relink = Job.objects.create(
        kind=JobKind.RELINK, state=JobState.RUNNING, created_by=clerk, area_code=WUHUA
    )
    done = Job.objects.create(
        kind=JobKind.IMPORT, state=JobState.DONE, created_by=clerk, area_code=WUHUA
    )

    assert jobs.jobs_interrupted_fail() == 1

    relink.refresh_from_db()
    assert (relink.state, relink.error) == (
        JobState.FAILED,
        "任务因服务停止而中断，未作任何更改；请重新提交",
    )
    assert Job.objects.get(pk=done.pk).state == JobState.DONE
    # The relink no longer blocks the next one.
    assert jobs.relink_job_enqueue(user=clerk, area_code=WUHUA)[1] is True


def test_a_preview_left_unconfirmed_for_a_day_is_removed_by_the_next_upload(
    client: Client, clerk: User, tmp_path: Path, data_dir: Path
) -> None:
    upload(client, department_file(tmp_path))
    staging = data_dir / "uploads" / "staging"
    (stale,) = staging.iterdir()
    day_ago = time.time() - 25 * 3600
    os.utime(stale, (day_ago, day_ago))

    upload(client, department_file(tmp_path))

    assert stale not in list(staging.iterdir()) and len(list(staging.iterdir())) == 1
