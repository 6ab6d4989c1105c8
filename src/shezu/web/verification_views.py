"""Field verification (核实) pages: the open tasks a user may see, their workbook, and a
returned workbook uploaded back.

A task is visible when its organization is (jurisdiction.py). The download holds the
visible open tasks only; an upload is refused whole when any row names an organization
outside the user's area, before anything is written. Inspectors see and download but do
not upload (403); the administrators (三员) see no business data (404).
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from shezu.accounts.api import AuditAction, account_of, audit_record
from shezu.accounts.areas import area_name
from shezu.census.errors import IntakeError
from shezu.census.models import VerificationTask
from shezu.census.register.conflicts import county_name
from shezu.census.verification.services import VerifyReport, sheet_organizations, verify_import
from shezu.census.verification.workbooks import tasks_workbook_write
from shezu.web.jurisdiction import organizations_for_user

LISTED = 50
# Rows named when an upload is refused for organizations outside the area.
NAMED_ROWS = 5
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')


def tasks_for_user(user: Any) -> QuerySet[VerificationTask]:
    """The open verification tasks whose organization the user may see."""
    return VerificationTask.objects.filter(
        open=True, organization__in=organizations_for_user(user).values("pk")
    )


def _business_account(request: HttpRequest) -> Any:
    account = account_of(request.user)
    if account is None or not account.sees_business_data:
        raise Http404("没有这个页面")
    return account


def _upload_name(name: str) -> str:
    """The uploaded file's own name, made safe to write: its suffix kept."""
    original = Path(name or "")
    stem = _UNSAFE.sub("_", original.stem).strip("._ ")[:60] or "核实结果"
    suffix = _UNSAFE.sub("", original.suffix.lower())[:8]
    return f"{stem}{suffix}"


def _outside_rows(user: Any, path: Path) -> list[tuple[int, str]]:
    """(row, 组织编号) of rows naming no organization the user may see."""
    visible = set(organizations_for_user(user).values_list("pk", flat=True))
    return [
        (row, org_id or "（空）")
        for row, org_id, organization in sheet_organizations(path)
        if org_id and (organization is None or organization.pk not in visible)
    ]


def _upload(request: HttpRequest, account: Any) -> VerifyReport | None:
    """Check and import the uploaded sheet; the report, or None with a message."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的核实表（xlsx、xls 或 csv）")
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / _upload_name(upload.name or "")
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            outside = _outside_rows(request.user, path)
            if outside:
                named = "；".join(f"第{row}行 {org_id}" for row, org_id in outside[:NAMED_ROWS])
                more = f" 等 {len(outside)} 行" if len(outside) > NAMED_ROWS else ""
                messages.error(
                    request,
                    f"上传被拒绝，未导入任何内容：以下行的组织不存在或不在您的辖区内：{named}{more}",
                )
                return None
            report = verify_import(path)
        except IntakeError as error:
            messages.error(request, f"无法读取上传的文件，未导入任何内容：{error}")
            return None
    audit_record(
        request,
        AuditAction.CHANGE,
        object_type="verification_import",
        object_id=report.file,
        detail={
            "rows_read": report.rows_read,
            "applied": report.applied,
            "skipped": report.skipped,
            "rejected": len(report.rejected),
            "duplicate_file": report.duplicate_file,
        },
    )
    return report


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verification(request: HttpRequest) -> HttpResponse:
    """Open tasks counted by county and by reason, the first 50 listed; a writer's upload."""
    account = _business_account(request)
    report = None
    if request.method == "POST":
        if not account.writes:
            raise PermissionDenied("检查人员只能查看，不能上传核实结果")
        report = _upload(request, account)
    visible = tasks_for_user(request.user)
    by_county: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    for county_code, reasons in visible.values_list("county_code", "reasons"):
        by_county[county_name(county_code) or "区县不明"] += 1
        by_reason.update(reasons or [])
    listed = visible.select_related("organization").order_by("county_code", "organization__org_id")
    return render(
        request,
        "web/verification.html",
        {
            "total": sum(by_county.values()),
            "by_county": sorted(by_county.items()),
            "by_reason": by_reason.most_common(),
            "tasks": list(listed[:LISTED]),
            "listed": LISTED,
            "can_upload": account.writes,
            "report": report,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def verification_download(request: HttpRequest) -> FileResponse:
    """The user's visible open tasks as one workbook, an xlsx attachment."""
    account = _business_account(request)
    tasks = list(tasks_for_user(request.user).select_related("organization"))
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tasks.xlsx"
        written = tasks_workbook_write(path, tasks)
        handle.write(path.read_bytes())
    handle.seek(0)
    area = area_name(account.area_code) or account.area_code
    audit_record(
        request,
        AuditAction.EXPORT,
        object_type="verification_tasks",
        object_id=account.area_code,
        detail={"tasks": written},
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"核实任务_{_UNSAFE.sub('_', area)}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
