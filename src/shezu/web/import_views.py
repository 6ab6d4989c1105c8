"""Import pages (导入): a department file uploaded, its mapping checked on a preview, then
imported in the background (web/jobs.py) with a progress bar; a relink likewise.

Who may import or relink: writing roles of the city or a county (a township's or an
inspector's POST is a 403); the administrators (三员) see no business data (404). A file
that cannot be read is refused on the form and nothing is kept.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shezu.accounts.api import AccountRef, AuditAction, account_of, audit_record
from shezu.census.api import (
    DEPARTMENTS,
    IntakeError,
    TablePreview,
    mapping_from_choices,
    table_preview,
)
from shezu.census.intake.exports import rejects_export
from shezu.census.intake.headers import CANONICAL_FIELDS
from shezu.census.intake.queries import batch_get
from shezu.census.intake.reporting import reasons_text
from shezu.census.intake.rows import sheet_row
from shezu.census.labels import field_label
from shezu.commands import DATE_FORMS, full_date
from shezu.party.errors import PartyError
from shezu.party.exports import rejects_write
from shezu.party.models import TemplateKind
from shezu.party.sheet import Line, sheet_read
from shezu.party.templates import ID_COLUMN, REQUIRED, columns_of, template_write
from shezu.personal import id_number_masked
from shezu.web.jobs import (
    UPLOADS,
    import_job_create,
    job_filter_recent,
    job_get_for_user,
    job_progress,
    may_import,
    party_import_job_create,
    relink_job_enqueue,
)
from shezu.web.models import Job, JobKind, JobState
from shezu.web.verification_views import _upload_name as upload_name  # one naming rule

# The largest department file taken through the page: 1,000,000 CSV rows are ~150 MiB.
MAX_UPLOAD_MB = 200
NOT_IMPORTED = ""  # the column choice 不导入
SESSION_KEY = "import_preview"


def _business_account(request: HttpRequest) -> AccountRef:
    account = account_of(request.user)
    if account is None or not account.sees_business_data:
        raise Http404("没有这个页面")
    return account


def _importer(request: HttpRequest) -> AccountRef:
    account = _business_account(request)
    if not may_import(account):
        raise PermissionDenied("只有市级和县级工作人员可以导入名单或重新关联")
    return account


# A previewed file never confirmed is removed with the next upload after this long.
STAGED_HOURS = 24


def _staging() -> Path:
    """A new folder for an uploaded file until its preview is confirmed; previews left
    unconfirmed for a day are removed now, as nothing else would remove them."""
    staging = Path(settings.DATA_DIR) / UPLOADS / "staging"
    if staging.is_dir():
        stale = time.time() - STAGED_HOURS * 3600
        for old in staging.iterdir():
            if old.stat().st_mtime < stale:
                shutil.rmtree(old, ignore_errors=True)
    folder = staging / uuid.uuid4().hex
    folder.mkdir(parents=True)
    return folder


def _staged(upload: UploadedFile) -> tuple[Path, Path]:
    """The uploaded file written to a new staging folder: (folder, file)."""
    folder = _staging()
    path = folder / upload_name(upload.name or "")
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return folder, path


def _form(request: HttpRequest, account: AccountRef, **extra: Any) -> HttpResponse:
    return render(
        request,
        "web/imports.html",
        {
            "departments": DEPARTMENTS,
            "as_of": extra.pop("as_of", timezone.localdate().isoformat()),
            "department": extra.pop("department", ""),
            "can_import": may_import(account),
            "jobs": job_filter_recent(request.user),
            "max_mb": MAX_UPLOAD_MB,
            "template_kinds": TemplateKind.choices,
            "template_kind": extra.pop("template_kind", ""),
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    """The upload form and the user's recent jobs; a posted file's preview."""
    account = _business_account(request)
    if request.method != "POST":
        return _form(request, account)
    account = _importer(request)
    department = request.POST.get("department", "")
    as_of_text = request.POST.get("as_of", "").strip()
    kept = {"department": department, "as_of": as_of_text}
    upload = request.FILES.get("file")
    if department not in DEPARTMENTS:
        return _form(request, account, error="请选择部门", **kept)
    try:
        as_of = full_date(as_of_text)
    except argparse.ArgumentTypeError:
        return _form(request, account, error=f"数据日期应为完整日期，如 {DATE_FORMS}", **kept)
    if upload is None:
        return _form(request, account, error="请选择要导入的文件（xlsx、xls 或 csv）", **kept)
    if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
        return _form(request, account, error=f"文件超过 {MAX_UPLOAD_MB} MB，请分开导入", **kept)
    folder, path = _staged(upload)
    try:
        preview = table_preview(path)
    except IntakeError as error:
        shutil.rmtree(folder, ignore_errors=True)
        return _form(request, account, error=f"无法读取文件，未导入任何内容：{error}", **kept)
    request.session[SESSION_KEY] = {
        "folder": folder.name,
        "department": department,
        "as_of": as_of.isoformat(),
        "preview": {
            "file": preview.file,
            "sheet": preview.sheet,
            "header_row": preview.header_row,
            "headers": preview.headers,
            "guessed": preview.guessed,
            "rows": preview.rows,
            "rows_total": preview.rows_total,
        },
    }
    return _preview_page(request, preview, department, as_of.isoformat(), preview.guessed)


def _preview_page(
    request: HttpRequest,
    preview: TablePreview,
    department: str,
    as_of: str,
    chosen: list[str | None],
    error: str = "",
) -> HttpResponse:
    fields = [(name, field_label(name)) for name in CANONICAL_FIELDS]
    return render(
        request,
        "web/import_preview.html",
        {
            "preview": preview,
            "columns": [
                (index, header, choice or NOT_IMPORTED)
                for index, (header, choice) in enumerate(zip(preview.headers, chosen, strict=True))
            ],
            "fields": fields,
            "department": department,
            "as_of": as_of,
            "error": error,
        },
    )


@login_required
@require_http_methods(["POST"])
def import_confirm(request: HttpRequest) -> HttpResponse:
    """The clerk's mapping confirmed: the job is queued and its page shown."""
    account = _importer(request)
    staged = request.session.get(SESSION_KEY)
    if not staged:
        messages.error(request, "预览已过期，请重新上传文件")
        return redirect("web:imports")
    preview = TablePreview(**staged["preview"])
    chosen: list[str | None] = [
        request.POST.get(f"column_{index}", NOT_IMPORTED) or None
        for index in range(len(preview.headers))
    ]
    try:
        mapping = mapping_from_choices(preview, chosen, department=staged["department"])
    except IntakeError as error:
        return _preview_page(
            request, preview, staged["department"], staged["as_of"], chosen, error=str(error)
        )
    folder = Path(settings.DATA_DIR) / UPLOADS / "staging" / Path(staged["folder"]).name
    upload = folder / preview.file
    if not upload.is_file():
        messages.error(request, "上传的文件已不在，请重新上传")
        return redirect("web:imports")
    del request.session[SESSION_KEY]
    job = import_job_create(
        user=request.user,
        area_code=account.area_code,
        upload=upload,
        department=staged["department"],
        as_of=full_date(staged["as_of"]),
        mapping=mapping,
        rows_total=preview.rows_total,
    )
    shutil.rmtree(folder, ignore_errors=True)
    audit_record(
        request,
        AuditAction.CHANGE,
        object_type="import_job",
        object_id=str(job.pk),
        detail={
            "file": preview.file,
            "department": staged["department"],
            "as_of": staged["as_of"],
            "mapping": dict(mapping.columns),
        },
    )
    return redirect("web:job", job_id=job.pk)


@login_required
@require_http_methods(["POST"])
def relink(request: HttpRequest) -> HttpResponse:
    """Queue a relink (or join the one queued or running) and show its page."""
    account = _importer(request)
    job, created = relink_job_enqueue(user=request.user, area_code=account.area_code)
    if created:
        audit_record(request, AuditAction.CHANGE, object_type="relink_job", object_id=str(job.pk))
    else:
        messages.info(request, f"已有重新关联任务 #{job.pk} 在排队或进行中，不再重复启动")
    return redirect("web:job", job_id=job.pk)


# Rejected rows listed on the job page; the workbook has them all.
LISTED_REJECTS = 50


def _job_context(job: Job, account: AccountRef) -> dict[str, Any]:
    result = job.result or {}
    if job.kind == JobKind.PARTY_IMPORT:
        done = job.state == JobState.DONE
        return {
            "job": job,
            "progress": job_progress(job),
            "party_summary": result if done else None,
            # (row, column, message) as the importer gave them; none holds an ID number.
            "rejections": (result.get("rejections") or [])[:LISTED_REJECTS],
            "warnings": (result.get("warnings") or [])[:LISTED_REJECTS],
            "can_relink": False,
        }
    done_import = job.kind == JobKind.IMPORT and job.state == JobState.DONE
    header_row = int(result.get("header_row") or 0)
    return {
        "job": job,
        "progress": job_progress(job),
        "summary": result if done_import else None,
        "warnings": sorted((result.get("warnings") or {}).items(), key=lambda kv: -kv[1]),
        "rejections": [
            (sheet_row(header_row=header_row, row_number=r["row"]), reasons_text(r["reasons"]))
            for r in (result.get("rejections") or [])[:LISTED_REJECTS]
        ],
        "can_relink": may_import(account),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's page: the progress bar (refreshed by htmx), then its outcome."""
    account = _business_account(request)
    found = job_get_for_user(request.user, job_id)
    return render(request, "web/job.html", _job_context(found, account))


@login_required
@require_http_methods(["GET", "HEAD"])
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job page's status fragment; it asks again every second until the job ends."""
    account = _business_account(request)
    found = job_get_for_user(request.user, job_id)
    return render(request, "web/job_status.html", _job_context(found, account))


@login_required
@require_http_methods(["GET", "HEAD"])
def job_rejects(request: HttpRequest, job_id: int) -> FileResponse:
    """An import job's rejected rows as the workbook to send back to the department or
    county. A Party import's ID numbers are whole for the roles that may open them
    (county, township, secretary), masked for the others; the export is audited."""
    account = _business_account(request)
    found = job_get_for_user(request.user, job_id)
    batch_id = (found.result or {}).get("batch_id")
    importing = (JobKind.IMPORT, JobKind.PARTY_IMPORT)
    if found.kind not in importing or found.state != JobState.DONE or batch_id is None:
        raise Http404("这个任务没有退回行")
    if found.kind == JobKind.PARTY_IMPORT:
        reveal = account.opens_id_numbers
        handle, written = _xlsx(lambda out: rejects_write(int(batch_id), out, reveal_ids=reveal))
        object_type, detail = "party_import_rejects", {"revealed": reveal}
    else:
        batch = batch_get(batch_id=int(batch_id))
        handle, written = _xlsx(lambda out: rejects_export(batch=batch, out=out))
        object_type, detail = "import_rejects", {}
    audit_record(
        request,
        AuditAction.EXPORT,
        object_type=object_type,
        object_id=str(found.pk),
        detail={"batch": int(batch_id), "rows": written, **detail},
    )
    return _xlsx_response(handle, f"退回_{Path(found.file_name).stem}.xlsx")


def _xlsx(write: Callable[[Path], int]) -> tuple[IO[bytes], int]:
    """A workbook `write` makes, in a temporary file the response will close; and what
    `write` returned."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        written = write(path)
        handle.write(path.read_bytes())
    handle.seek(0)
    return handle, written


def _xlsx_response(handle: IO[bytes], filename: str) -> FileResponse:
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# ---------------------------------------------------------------------------
# Party templates (党建数据): fixed columns, so no mapping — the file's kind, a preview, go.

PARTY_SESSION_KEY = "party_import_preview"
PREVIEW_ROWS = 10


@login_required
@require_http_methods(["GET", "HEAD"])
def party_template(request: HttpRequest, kind: str) -> FileResponse:
    """An empty template to fill (no personal data: anyone who sees business data)."""
    _business_account(request)
    template = TemplateKind(kind)
    handle, _ = _xlsx(lambda out: template_write(template, out))
    return _xlsx_response(handle, f"{template.label}填报模板.xlsx")


def _party_sheet(path: Path, chosen: str) -> tuple[TemplateKind, list[Line], set[str]]:
    """The file read as the chosen kind, or as the one kind its headers fit. Raises
    PartyError with one line naming the chosen kind's missing headers, or saying that no
    kind fits."""
    if chosen:
        kind = TemplateKind(chosen)
        try:
            return (kind, *sheet_read(path, kind))
        except PartyError:
            fitting = _party_sheet_guess(path)
            if fitting is None:
                raise
            other, _, columns = fitting
            missing = "、".join(c for c in REQUIRED[kind] if c not in columns)
            raise PartyError(
                f"这是{other.label}模板，不是{kind.label}模板：缺少表头 {missing}", file=path.name
            ) from None
    fitting = _party_sheet_guess(path)
    if fitting is None:
        kinds = "、".join(str(kind.label) for kind in TemplateKind)
        raise PartyError(
            f"表头与{kinds}模板都不相符，请选择模板类型，或下载模板核对表头", file=path.name
        )
    return fitting


def _party_sheet_guess(path: Path) -> tuple[TemplateKind, list[Line], set[str]] | None:
    """The file read as the one kind whose required headers it has, if any (no two
    templates' required headers are one within the other)."""
    for kind in TemplateKind:
        try:
            return (kind, *sheet_read(path, kind))
        except PartyError:
            continue
    return None


def _preview_cell(column: str, line: Line) -> str:
    """A cell as the preview shows it: an ID number never whole."""
    text = line.text(column)
    return id_number_masked("".join(text.split())) if column == ID_COLUMN and text else text


@login_required
@require_http_methods(["POST"])
def party_import_upload(request: HttpRequest) -> HttpResponse:
    """A Party template uploaded: its kind found or checked, and a preview of its rows."""
    account = _importer(request)
    chosen = request.POST.get("template_kind", "")
    upload = request.FILES.get("file")
    kept = {"template_kind": chosen}
    if chosen and chosen not in TemplateKind.values:
        return _form(request, account, party_error="请选择模板类型", **kept)
    if upload is None:
        return _form(request, account, party_error="请选择要导入的文件（xlsx、xls 或 csv）", **kept)
    if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
        return _form(request, account, party_error=f"文件超过 {MAX_UPLOAD_MB} MB", **kept)
    folder, path = _staged(upload)
    try:
        kind, lines, found = _party_sheet(path, chosen)
    except (PartyError, IntakeError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        return _form(request, account, party_error=f"未导入任何内容：{error}", **kept)
    headers = [column for column in columns_of(kind) if column in found]
    request.session[PARTY_SESSION_KEY] = {
        "folder": folder.name,
        "file": path.name,
        "kind": kind.value,
        "rows_total": len(lines),
    }
    return render(
        request,
        "web/party_import_preview.html",
        {
            "file": path.name,
            "kind": kind,
            "guessed": not chosen,
            "headers": headers,
            "missing_optional": [c for c in columns_of(kind) if c not in found],
            "rows": [
                (line.number, [_preview_cell(column, line) for column in headers])
                for line in lines[:PREVIEW_ROWS]
            ],
            "rows_total": len(lines),
        },
    )


@login_required
@require_http_methods(["POST"])
def party_import_confirm(request: HttpRequest) -> HttpResponse:
    """The previewed Party file confirmed: its import is queued, confined to the clerk's
    area, and its page shown."""
    account = _importer(request)
    staged = request.session.get(PARTY_SESSION_KEY)
    if not staged:
        messages.error(request, "预览已过期，请重新上传文件")
        return redirect("web:imports")
    folder = Path(settings.DATA_DIR) / UPLOADS / "staging" / Path(staged["folder"]).name
    upload = folder / Path(staged["file"]).name
    if not upload.is_file():
        messages.error(request, "上传的文件已不在，请重新上传")
        return redirect("web:imports")
    del request.session[PARTY_SESSION_KEY]
    job = party_import_job_create(
        user=request.user,
        area_code=account.area_code,
        upload=upload,
        template_kind=staged["kind"],
        rows_total=int(staged["rows_total"]),
    )
    shutil.rmtree(folder, ignore_errors=True)
    audit_record(
        request,
        AuditAction.CHANGE,
        object_type="party_import_job",
        object_id=str(job.pk),
        detail={"file": upload.name, "kind": staged["kind"]},
    )
    return redirect("web:job", job_id=job.pk)
