"""Background jobs (后台任务): a department file's import, a Party template's import and the
relink, run by huey.

A job's state (queued → running → done | failed) is an ordinary row (`Job`), written
before and after the work, never inside it. Its live progress is kept in huey's own
key-value store (a SQLite file beside the database, or Redis): the import and the relink
each run as one transaction, which on SQLite holds the write lock and on PostgreSQL is
invisible to other connections until it commits, so a progress row in the main database
could be neither written nor read while the job runs.

Jobs are visible to the user who started them and to the city, relinks to everyone who
may start one (jurisdiction as for every read: anything else is a 404).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from shezu.accounts.api import AccountRef, account_of
from shezu.census.api import CITY_CODE, SourceMapping
from shezu.census.errors import CensusError
from shezu.census.intake.services import batch_import
from shezu.census.register.services import register_link
from shezu.party.services import party_import
from shezu.web.models import ACTIVE_STATES, Job, JobKind, JobState


def _store_folder_create() -> None:
    """huey's SQLite store opens its file when the queue is made (on import, below); its
    folder is the user's data folder, which a first run may not have made yet."""
    filename = settings.HUEY.get("filename")
    if filename and not settings.HUEY.get("immediate"):
        Path(str(filename)).parent.mkdir(parents=True, exist_ok=True)


_store_folder_create()

from huey.consumer import Consumer  # noqa: E402
from huey.contrib.djhuey import HUEY, db_task  # noqa: E402 - after its folder exists

logger = logging.getLogger(__name__)

# The relink's stages (register_link and the engine report them in this order), in words.
RELINK_STAGES: dict[str, str] = {
    "reading": "读取来源记录",
    "features": "计算比对特征",
    "deterministic": "按代码确定关联",
    "training": "训练模型",
    "prediction": "计算匹配概率",
    "clustering": "归并组织",
    "writing": "写入资料库",
}
UPLOADS = "uploads"


def uploads_folder(job_id: int) -> Path:
    """Where an import job's file is kept: DATA_DIR/uploads/<job id>/."""
    return Path(settings.DATA_DIR) / UPLOADS / str(job_id)


def may_import(account: AccountRef | None) -> bool:
    """Writing roles of the city or a county import and relink; a township or an inspector
    does not (a file lists organizations across the whole city)."""
    return (
        account is not None
        and account.writes
        and (account.area_code == CITY_CODE or len(account.area_code) == 6)
    )


def jobs_for_user(user: Any) -> QuerySet[Job]:
    """The jobs the user may see: their own; the city's users see every job. A relink
    (the whole register, no one area's data) is seen by everyone who may start one, since
    asking for a relink while one runs joins it, whoever started it."""
    account = account_of(user)
    jobs = Job.objects.select_related("created_by")
    if account is None or not account.sees_business_data:
        return jobs.none()
    if account.area_code == CITY_CODE:
        return jobs
    if may_import(account):
        return jobs.filter(Q(created_by=user) | Q(kind=JobKind.RELINK))
    return jobs.filter(created_by=user)


def job_get_for_user(user: Any, job_id: int) -> Job:
    """The job if the user may see it; Http404 otherwise (never a 403 that confirms it)."""
    found = jobs_for_user(user).filter(pk=job_id).first()
    if found is None:
        raise Http404("没有这个任务，或您无权查看")
    return found


def import_job_create(
    *,
    user: Any,
    area_code: str,
    upload: Path,
    department: str,
    as_of: dt.date,
    mapping: SourceMapping,
    rows_total: int,
) -> Job:
    """Record an import job, move its file under DATA_DIR/uploads/<job id>/ and queue it."""
    job = Job.objects.create(
        kind=JobKind.IMPORT,
        created_by=user,
        area_code=area_code,
        file_name=upload.name,
        department=department,
        as_of=as_of,
        mapping={
            "columns": dict(mapping.columns),
            "sheet": mapping.sheet,
            "header_row": mapping.header_row,
        },
        rows_total=rows_total,
    )
    return _job_file_queue(job, upload)


def party_import_job_create(
    *, user: Any, area_code: str, upload: Path, template_kind: str, rows_total: int
) -> Job:
    """Record a Party template's import (confined to `area_code` when it runs), move its
    file under DATA_DIR/uploads/<job id>/ and queue it."""
    job = Job.objects.create(
        kind=JobKind.PARTY_IMPORT,
        created_by=user,
        area_code=area_code,
        file_name=upload.name,
        template_kind=template_kind,
        rows_total=rows_total,
    )
    return _job_file_queue(job, upload)


def _job_file_queue(job: Job, upload: Path) -> Job:
    """Move an import job's file to its folder, note where, and queue the job."""
    folder = uploads_folder(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / upload.name
    shutil.move(str(upload), stored)
    Job.objects.filter(pk=job.pk).update(file_path=str(stored))
    job.file_path = str(stored)
    job_run(job.pk)
    return job


def relink_job_enqueue(*, user: Any, area_code: str) -> tuple[Job, bool]:
    """Queue a relink, or join the one queued or running (only one at a time).

    Returns the job and whether it was created now.
    """
    active = Job.objects.filter(kind=JobKind.RELINK, state__in=ACTIVE_STATES)
    existing = active.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=JobKind.RELINK, created_by=user, area_code=area_code)
    except IntegrityError:
        # Another request queued one between our look and our insert; the unique
        # constraint let only one in.
        found = active.first()
        if found is None:
            raise
        return found, False
    job_run(job.pk)
    return job, True


@dataclass(frozen=True)
class JobProgress:
    """What the progress bar shows: `value` of `maximum`, and a line of text."""

    value: int
    maximum: int
    text: str


def _progress_key(job_id: int) -> str:
    return f"shezu:job:{job_id}:progress"


def _progress_put(job_id: int, value: int, text: str) -> None:
    HUEY.put(_progress_key(job_id), {"value": value, "text": text})


def job_progress(job: Job) -> JobProgress:
    """The job's progress, from huey's store while it runs."""
    reads_rows = job.kind in (JobKind.IMPORT, JobKind.PARTY_IMPORT)
    maximum = job.rows_total if reads_rows else len(RELINK_STAGES)
    maximum = max(maximum, 1)
    if job.state == JobState.QUEUED:
        return JobProgress(0, maximum, "排队等候")
    if job.state == JobState.FAILED:
        return JobProgress(0, maximum, "未完成")
    if job.state == JobState.DONE:
        if reads_rows:
            read = int((job.result or {}).get("rows_read", 0))
            return JobProgress(maximum, maximum, f"已读取 {read:,} 行")
        return JobProgress(maximum, maximum, "各阶段均已完成")
    stored = HUEY.get(_progress_key(job.pk), peek=True) or {}
    value = min(int(stored.get("value", 0)), maximum)
    text = str(stored.get("text", "开始"))
    return JobProgress(value, maximum, text)


def _job_update(job_id: int, **fields: Any) -> None:
    Job.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)


@db_task()  # type: ignore[untyped-decorator]  # huey is untyped
def job_run(job_id: int) -> None:
    """Run one job: mark it running, do the work, store the outcome or a one-line error."""
    job = Job.objects.filter(pk=job_id, state=JobState.QUEUED).first()
    if job is None:
        return  # already run (a consumer restarted mid-way and the task came back)
    _job_update(job.pk, state=JobState.RUNNING, started_at=timezone.now())
    try:
        result = _RUNNERS[job.kind](job)
    except CensusError as error:
        _job_update(
            job.pk, state=JobState.FAILED, finished_at=timezone.now(), error=_one_line(error)
        )
    except Exception as error:
        # The traceback goes to the log for the administrator, the page gets one line. A
        # Party file holds ID numbers and an exception's text may quote a cell, so the
        # log gets the frames and the exception's type, never its message.
        logger.error(
            "job %s failed: %s\n%s",
            job.pk,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        _job_update(
            job.pk,
            state=JobState.FAILED,
            finished_at=timezone.now(),
            error=f"任务因内部错误中止（{type(error).__name__}），请联系系统管理员",
        )
    else:
        _job_update(job.pk, state=JobState.DONE, finished_at=timezone.now(), result=result)
    finally:
        HUEY.delete(_progress_key(job.pk))


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:500]


def _import(job: Job) -> dict[str, object]:
    data = job.mapping
    mapping = SourceMapping(
        columns=data.get("columns", {}),
        department=job.department,
        file=job.file_name,
        sheet=data.get("sheet"),
        header_row=data.get("header_row"),
    )
    assert job.as_of is not None  # an import job is always made with its date
    _progress_put(job.pk, 0, "读取文件")
    summary = batch_import(
        path=Path(job.file_path),
        department=job.department,
        as_of=job.as_of,
        mapping=mapping,
        on_rows=lambda rows: _progress_put(job.pk, rows, f"已读取 {rows:,} 行"),
    )
    return summary.as_json()


def _party_import(job: Job) -> dict[str, object]:
    _progress_put(job.pk, 0, "读取文件")
    report = party_import(
        Path(job.file_path),
        job.template_kind,
        by=job.created_by.get_username(),
        on_rows=lambda rows: _progress_put(job.pk, rows, f"已读取 {rows:,} 行"),
        area_code=job.area_code,
    )
    return report.as_json()


def _relink(job: Job) -> dict[str, object]:
    stages = list(RELINK_STAGES)

    def progress(stage: str) -> None:
        if stage in RELINK_STAGES:
            _progress_put(job.pk, stages.index(stage), RELINK_STAGES[stage])

    run = register_link(progress=progress)
    return {"run_id": run.pk, "records": run.records}


_RUNNERS: dict[str, Callable[[Job], dict[str, object]]] = {
    JobKind.IMPORT: _import,
    JobKind.PARTY_IMPORT: _party_import,
    JobKind.RELINK: _relink,
}


def job_filter_recent(user: Any, *, limit: int = 10) -> list[Job]:
    """The user's own most recent jobs, for the import page."""
    return list(Job.objects.filter(created_by=user).order_by("-created_at", "-id")[:limit])


class _QuietConsumer(Consumer):  # type: ignore[misc]  # huey is untyped
    """A consumer that leaves signals alone: inside `shezu serve` waitress owns the main
    thread and its Ctrl+C; the serve command stops the consumer itself."""

    def _set_signal_handlers(self) -> None:
        pass


def jobs_interrupted_fail() -> int:
    """Mark the jobs left `running` by a process that ended mid-job as failed.

    Called as a consumer starts: there is one consumer per data folder (`shezu serve`'s
    thread or `shezu worker`), so nothing else can be running them, and their transaction
    rolled back with the process. Without this, a relink left `running` would block every
    later relink (only one at a time). Returns how many.
    """
    return Job.objects.filter(state=JobState.RUNNING).update(
        state=JobState.FAILED,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        error="任务因服务停止而中断，未作任何更改；请重新提交",
    )


def consumer_start() -> Any:
    """Start the job consumer's threads in this process (for `shezu serve`); the caller
    stops it with `consumer_stop`."""
    jobs_interrupted_fail()
    options = dict(settings.HUEY.get("consumer", {}))
    options.setdefault("workers", 1)
    options["worker_type"] = "thread"
    options["periodic"] = False  # shezu has no periodic tasks
    consumer = _QuietConsumer(HUEY, **options)
    consumer.start()
    return consumer


def consumer_stop(consumer: Any) -> None:
    """Stop the consumer's threads. A job still running is left as it is: its row stays
    `running`; the transaction it was in rolls back with the process."""
    consumer.stop(graceful=False)


def consumer_run() -> None:
    """Run the job consumer in the foreground until Ctrl+C or SIGTERM (`shezu worker`)."""
    options = dict(settings.HUEY.get("consumer", {}))
    options["periodic"] = False
    jobs_interrupted_fail()
    HUEY.create_consumer(**options).run()
