"""The field verification page (核实): visible tasks, their workbook, a returned sheet."""

import io
from collections.abc import Callable
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shezu.accounts.models import AuditEvent
from shezu.census.models import Verification, VerificationTask
from tests.factories import PANLONG, WUHUA, OrganizationFactory, VerificationTaskFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _task(org_id: str, county: str, reasons: list[str], *, open_: bool = True) -> VerificationTask:
    task: VerificationTask = VerificationTaskFactory(
        organization=OrganizationFactory(org_id=org_id, county_code=county, name=f"协会{org_id}"),
        reasons=reasons,
        open=open_,
    )
    return task


@pytest.fixture
def tasks() -> list[VerificationTask]:
    return [
        _task("KM0000101", WUHUA, ["关联证据较弱"]),
        _task("KM0000102", WUHUA, ["关联证据较弱", "缺少：地址"]),
        _task("KM0000103", WUHUA, ["缺少：地址"], open_=False),  # closed
        _task("KM0000201", PANLONG, ["关联证据较弱"]),  # 盘龙区
    ]


def _download(client: Client) -> bytes:
    response = client.get(reverse("web:verification_download"))
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _ids(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    column = list(rows[0]).index("组织编号")
    return [row[column] for row in rows[1:]]


def _filled(content: bytes, extra_id: str | None = None) -> SimpleUploadedFile:
    """The downloaded workbook with every row found at work (正常活动) on 2016-05-20."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    result, date, ident = (header.index(n) + 1 for n in ("核实结果", "核实日期", "组织编号"))
    if extra_id is not None:
        sheet.cell(row=sheet.max_row + 1, column=ident, value=extra_id)
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=result, value="正常活动")
        sheet.cell(row=row, column=date, value="2016-05-20")
    out = io.BytesIO()
    book.save(out)
    return _upload(out.getvalue())


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("核实任务_五华区_已填.xlsx", content, content_type=XLSX)


def test_the_page_lists_only_visible_open_tasks_with_exact_counts(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("county", WUHUA))

    response = client.get(reverse("web:verification"))

    assert response.status_code == 200
    assert response.context["total"] == 2
    assert response.context["by_county"] == [("五华区", 2)]
    assert response.context["by_reason"] == [("关联证据较弱", 2), ("缺少：地址", 1)]
    assert [t.organization.org_id for t in response.context["tasks"]] == [
        "KM0000101",
        "KM0000102",
    ]
    page = response.content.decode()
    assert reverse("web:organization", args=["KM0000101"]) in page
    assert "KM0000201" not in page and "KM0000103" not in page
    assert reverse("web:verification_download") in page
    assert 'name="file"' in page
    assert reverse("web:verification") in client.get(reverse("web:home")).content.decode()


def test_the_city_sees_every_open_task(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("city", "530100"))

    response = client.get(reverse("web:verification"))

    assert response.context["total"] == 3
    assert response.context["by_county"] == [("五华区", 2), ("盘龙区", 1)]


def test_the_download_holds_exactly_the_visible_tasks_and_is_audited(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    user = user_in("county", WUHUA)
    client.force_login(user)

    response = client.get(reverse("web:verification_download"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert quote("核实任务_五华区.xlsx") in response["Content-Disposition"]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert sorted(_ids(content)) == ["KM0000101", "KM0000102"]
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.object_type, event.detail) == (
        user.username,
        "verification_tasks",
        {"tasks": 2},
    )


def test_a_filled_workbook_is_applied_and_audited(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    user = user_in("county", WUHUA)
    client.force_login(user)
    upload = _filled(_download(client))

    response = client.post(reverse("web:verification"), {"file": upload})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows_read, report.applied, report.rejected) == (2, 2, [])
    found = Verification.objects.order_by("organization__org_id")
    assert [(v.organization.org_id, v.result) for v in found] == [
        ("KM0000101", "正常活动"),
        ("KM0000102", "正常活动"),
    ]
    assert found[0].file_name == "核实任务_五华区_已填.xlsx"
    still_open = VerificationTask.objects.filter(open=True)
    assert [t.organization.org_id for t in still_open] == ["KM0000201"]
    event = AuditEvent.objects.get(action="change")
    assert event.username == user.username and event.object_type == "verification_import"
    assert (event.detail["rows_read"], event.detail["applied"], event.detail["rejected"]) == (
        2,
        2,
        0,
    )
    assert response.context["total"] == 0


def test_the_same_file_twice_is_reported_as_imported(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("county", WUHUA))
    # One filled file posted twice: openpyxl stamps the save time into the
    # workbook, so filling it twice would give different bytes across a second.
    filled = _filled(_download(client)).read()
    client.post(reverse("web:verification"), {"file": _upload(filled)})

    response = client.post(reverse("web:verification"), {"file": _upload(filled)})

    assert response.context["report"].duplicate_file
    assert "已导入过" in response.content.decode()
    assert Verification.objects.count() == 2


def test_rejected_rows_are_shown_with_their_row_number(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("county", WUHUA))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["组织编号", "核实结果", "核实日期"])
    sheet.append(["KM0000101", "正常活动", "2016-05-20"])
    sheet.append(["KM0000102", "去过了", "2016-05-20"])
    out = io.BytesIO()
    book.save(out)

    response = client.post(
        reverse("web:verification"), {"file": SimpleUploadedFile("回执.xlsx", out.getvalue())}
    )

    report = response.context["report"]
    assert (report.rows_read, report.applied) == (2, 1)
    assert [row for row, _, _ in report.rejected] == [3]
    assert "核实结果应为" in response.content.decode()


def test_an_upload_naming_an_out_of_area_organization_is_refused(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("county", WUHUA))
    upload = _filled(_download(client), extra_id="KM0000201")

    response = client.post(reverse("web:verification"), {"file": upload}, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "上传被拒绝" in page and "第4行 KM0000201" in page
    assert response.context["report"] is None
    assert not Verification.objects.exists()
    assert VerificationTask.objects.filter(open=True).count() == 3
    assert not AuditEvent.objects.filter(action="change").exists()


def test_a_bad_file_writes_nothing(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("county", WUHUA))
    upload = SimpleUploadedFile("坏文件.xlsx", b"PK\x03\x04 not really a workbook")

    response = client.post(reverse("web:verification"), {"file": upload})

    assert response.status_code == 200
    assert "无法读取上传的文件" in response.content.decode()
    assert not Verification.objects.exists()
    assert not AuditEvent.objects.filter(action="change").exists()


def test_an_inspector_sees_no_upload_form_and_cannot_post(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask]
) -> None:
    client.force_login(user_in("inspector", WUHUA))
    content = _download(client)

    page = client.get(reverse("web:verification"))
    refused = client.post(reverse("web:verification"), {"file": _filled(content)})

    assert page.status_code == 200
    assert 'name="file"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Verification.objects.exists()
    assert VerificationTask.objects.filter(open=True).count() == 3


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_get_404(
    client: Client, user_in: Callable[[str, str], User], tasks: list[VerificationTask], role: str
) -> None:
    client.force_login(user_in(role, "530100"))

    assert client.get(reverse("web:verification")).status_code == 404
    assert client.get(reverse("web:verification_download")).status_code == 404
    assert client.post(reverse("web:verification"), {}).status_code == 404
    page = client.get(reverse("web:home")).content.decode()
    assert reverse("web:verification") not in page
