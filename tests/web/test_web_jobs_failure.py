"""A job that crashes: one Chinese line on its page, the traceback in the log without the
exception's text, which may quote a cell of a Party file (an ID number)."""

import logging

import pytest
from django.contrib.auth.models import User

from shezu.web import jobs
from shezu.web.models import Job, JobKind, JobState

pytestmark = pytest.mark.django_db

NUMBER = "11010519491231002X"


def test_a_crash_is_one_line_on_the_page_and_no_cell_in_the_log(monkeypatch, caplog, user_in):
    def crash(job: Job) -> dict[str, object]:
        raise ValueError(f"invalid literal for int() with base 10: '{NUMBER}'")

    monkeypatch.setitem(jobs._RUNNERS, JobKind.PARTY_IMPORT, crash)
    clerk: User = user_in("county", "530102")
    job = Job.objects.create(
        kind=JobKind.PARTY_IMPORT, created_by=clerk, area_code="530102", template_kind="members"
    )

    with caplog.at_level(logging.ERROR):
        jobs.job_run.call_local(job.pk)

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "任务因内部错误中止（ValueError），请联系系统管理员"
    assert "ValueError" in caplog.text and "crash" in caplog.text  # the frames are there
    assert NUMBER not in caplog.text
