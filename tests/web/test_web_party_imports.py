"""Importing the Party templates (党建数据) from the page 导入: a file's kind found from its
headers or checked against the one chosen, a preview that never shows a whole ID number,
the job and its rejected rows, the rejects workbook (ID numbers whole only for the roles
that may open them, audited), the empty templates, and the clerk's area.

Jobs run inline in tests (tests/conftest.py), so the job has ended when the page answers.
"""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from shezu.accounts.models import AuditEvent
from shezu.party.models import Member, TemplateKind
from shezu.party.services import party_import
from shezu.party.templates import REQUIRED
from shezu.web.models import Job, JobKind, JobState
from tests.factories import PANLONG, PHOTOGRAPHERS_USCC, WUHUA
from tests.party.party_import_builders import filled, make_id, register

pytestmark = pytest.mark.django_db

BRANCH = "中共昆明市摄影家协会支部委员会"
LI = make_id("19850101", "123")
WANG = make_id("19860202", "124")
ZHAO = make_id("19870303", "135")
BAD = ZHAO[:-1] + ("0" if ZHAO[-1] != "0" else "1")  # the check digit wrong


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return Path(settings.DATA_DIR)


@pytest.fixture(autouse=True)
def branch(tmp_path: Path) -> None:
    """Given the register and a 五华区 branch, imported city-wide."""
    register()
    party_import(filled(tmp_path, "orgs", [{
        "党组织名称": BRANCH, "党组织类别": "党支部", "上级党组织": "中共昆明市社会组织综合委员会",
        "覆盖社会组织": PHOTOGRAPHERS_USCC, "成立日期": "2016-03-01",
    }], name="setup_orgs.xlsx"), "orgs")  # fmt: skip


@pytest.fixture
def clerk(client: Client, user_in: Callable[[str, str], User]) -> User:
    user = user_in("county", WUHUA)
    client.force_login(user)
    return user


def member_row(name: str, number: str, **more: str) -> dict[str, str]:
    return {"姓名": name, "公民身份号码": number, "入党日期": "2005-07-01",
            "人员类别": "正式党员", "所在党组织": BRANCH, "工作单位": PHOTOGRAPHERS_USCC,
            **more}  # fmt: skip


def members_file(tmp_path: Path) -> Path:
    """Three members; the third's ID number has a wrong check digit (Excel row 5)."""
    rows = [member_row("李明", LI), member_row("王芳", WANG), member_row("赵六", BAD)]
    return filled(tmp_path, "members", rows, name="党员_五华区.xlsx")


def upload(client: Client, path: Path, kind: str = "") -> Any:
    with path.open("rb") as handle:
        return client.post(reverse("web:party_import"), {"file": handle, "template_kind": kind})


def import_through_pages(client: Client, path: Path, kind: str = "") -> Job:
    assert upload(client, path, kind).status_code == 200
    response = client.post(reverse("web:party_import_confirm"))
    assert response.status_code == 302
    job = Job.objects.get(kind=JobKind.PARTY_IMPORT)
    assert response["Location"] == reverse("web:job", args=[job.pk])
    job.refresh_from_db()
    return job


def test_the_imports_page_offers_the_party_form_and_the_empty_templates(
    client: Client, clerk: User
) -> None:
    page = client.get(reverse("web:imports")).content.decode()

    assert "导入党建数据" in page and "按表头识别" in page
    for kind in TemplateKind.values:
        assert f'href="/imports/party/template/{kind}.xlsx"' in page


@pytest.mark.parametrize("kind", TemplateKind.values)
def test_an_empty_template_downloads_with_its_required_headers(
    client: Client, clerk: User, kind: str
) -> None:
    response = client.get(reverse("web:party_template", kwargs={"kind": kind}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    headers = [cell.value for cell in sheet[2]]
    assert headers[: len(REQUIRED[kind])] == list(REQUIRED[kind])


def test_the_preview_guesses_the_kind_and_never_shows_a_whole_id_number(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    response = upload(client, members_file(tmp_path))

    assert response.status_code == 200
    assert response.context["kind"] == TemplateKind.MEMBERS and response.context["guessed"]
    assert response.context["rows_total"] == 3
    assert [number for number, _ in response.context["rows"]] == [3, 4, 5]
    page = response.content.decode()
    for number in (LI, WANG, ZHAO, BAD):
        assert number not in page
    assert f"{LI[:6]}********{LI[-4:]}" in page
    assert "模板 <strong>党员</strong>（按表头识别）" in page
    assert Job.objects.count() == 0  # nothing queued before the clerk confirms


def test_a_file_of_another_kind_is_refused_in_one_line_naming_the_missing_headers(
    client: Client, clerk: User, tmp_path: Path, data_dir: Path
) -> None:
    response = upload(client, members_file(tmp_path), kind="secretaries")

    error = response.context["party_error"]
    assert "\n" not in error
    assert error == (
        "未导入任何内容：党员_五华区.xlsx：这是党员模板，不是书记模板："
        "缺少表头 党组织名称、来源、职务、任职日期、离任日期"
    )
    assert Job.objects.count() == 0
    assert not any((data_dir / "uploads" / "staging").iterdir())


def test_a_members_file_imports_two_and_rejects_the_bad_check_digit_at_its_row(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    job = import_through_pages(client, members_file(tmp_path))

    assert (job.state, job.error, job.template_kind) == (JobState.DONE, "", "members")
    assert (job.created_by, job.area_code, job.rows_total) == (clerk, WUHUA, 3)
    result = job.result
    assert (result["rows_read"], result["accepted"], result["rejected"]) == (3, 2, 1)
    assert [(row, column) for row, column, _ in result["rejections"]] == [(5, "公民身份号码")]
    assert sorted(Member.objects.values_list("name", flat=True)) == ["李明", "王芳"]

    page = client.get(reverse("web:job", args=[job.pk])).content.decode()
    assert "状态：<strong>完成</strong>" in page and "模板 党员" in page
    assert "导入 <strong>2</strong> 行" in page and "退回 <strong>1</strong> 行" in page
    assert '<td class="number">5</td><td>公民身份号码</td><td>' in page
    assert BAD not in page
    assert reverse("web:job_rejects", args=[job.pk]) in page
    assert AuditEvent.objects.filter(object_type="party_import_job", object_id=str(job.pk))


def test_the_rejects_workbook_shows_the_number_to_a_county_clerk_and_audits_it(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    job = import_through_pages(client, members_file(tmp_path))

    response = client.get(reverse("web:job_rejects", args=[job.pk]))

    assert response.status_code == 200
    rows = _rows(response)
    assert [row["公民身份号码"] for row in rows] == [BAD]
    audit = AuditEvent.objects.get(action="export", object_type="party_import_rejects")
    assert (audit.object_id, audit.detail["revealed"]) == (str(job.pk), True)


def test_the_rejects_workbook_is_masked_for_a_city_user_and_audited(
    client: Client, clerk: User, tmp_path: Path, user_in: Callable[[str, str], User]
) -> None:
    job = import_through_pages(client, members_file(tmp_path))
    client.force_login(user_in("city", "530100"))

    response = client.get(reverse("web:job_rejects", args=[job.pk]))

    assert response.status_code == 200
    assert [row["公民身份号码"] for row in _rows(response)] == [f"{BAD[:6]}********{BAD[-4:]}"]
    audit = AuditEvent.objects.get(action="export", object_type="party_import_rejects")
    assert audit.detail["revealed"] is False


def test_another_countys_clerk_gets_404_on_the_job_and_its_rejects(
    client: Client, clerk: User, tmp_path: Path, user_in: Callable[[str, str], User]
) -> None:
    job = import_through_pages(client, members_file(tmp_path))
    client.force_login(user_in("county", PANLONG))

    assert client.get(reverse("web:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:job_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:job_rejects", args=[job.pk])).status_code == 404


def test_a_row_about_another_countys_organization_is_rejected(
    client: Client, clerk: User, tmp_path: Path
) -> None:
    path = filled(tmp_path, "members", [
        member_row("李明", LI),
        {"姓名": "王芳", "公民身份号码": WANG, "入党日期": "2006-07-01", "人员类别": "正式党员",
         "工作单位": "盘龙区书法家协会"},
    ])  # fmt: skip

    job = import_through_pages(client, path, kind="members")

    assert (job.result["accepted"], job.result["rejected"]) == (1, 1)
    assert job.result["rejections"] == [[4, "工作单位", "「盘龙区书法家协会」不在您的辖区内"]]


def test_a_township_clerk_may_not_import_party_data(
    client: Client, user_in: Callable[[str, str], User], tmp_path: Path
) -> None:
    client.force_login(user_in("township", "530102001"))

    assert upload(client, members_file(tmp_path)).status_code == 403


def _rows(response: Any) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[1], row, strict=True)) for row in rows[2:] if any(row)]
