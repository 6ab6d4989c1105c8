"""Background jobs (后台任务) started from the pages: a department file's import, a Party
template's import, a relink.

A row records who asked, what for, and how it ended; the live progress of a running job
is not here but in huey's store (web/jobs.py), because the import or relink it reports on
holds the database in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shezu.party.models import TemplateKind
from shezu.timestamps import TimestampedModel


class JobKind(models.TextChoices):
    IMPORT = "import", "导入"
    RELINK = "relink", "重新关联"
    PARTY_IMPORT = "party_import", "党建数据导入"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "完成"
    FAILED = "failed", "失败"


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(TimestampedModel):
    """One background job (后台任务). `created_at` is when it was asked for."""

    kind = models.CharField(max_length=16, choices=JobKind.choices)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    # The creator's area (辖区) when asking: kept for the record, as accounts may move.
    area_code = models.CharField(max_length=12)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # An import's file, stored under DATA_DIR/uploads/<job id>/ with its original name.
    file_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=10, blank=True)
    as_of = models.DateField(null=True, blank=True)
    # A Party import's template (orgs, members …); its file has fixed columns, no mapping.
    template_kind = models.CharField(max_length=12, choices=TemplateKind.choices, blank=True)
    # {"columns": {field: header(s)}, "sheet": …, "header_row": …}: a SourceMapping.
    mapping = models.JSONField(default=dict, blank=True)
    # Data rows after the header, counted at the preview: the progress bar's end.
    rows_total = models.PositiveIntegerField(default=0)
    # An import's ImportSummary.as_json(), a Party import's PartyImportReport.as_json();
    # a relink's run id and counts.
    result = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)  # one line, Chinese

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            # Only one relink at a time: the register is rewritten whole by each.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="relink", state__in=["queued", "running"]),
                name="web_job_one_active_relink",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} {self.get_state_display()}"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
