"""The master register (资料库、台账): organizations linked from source records.

A link run (关联运行) clusters every source record into organizations; the organization
keeps its public id (`org_id`) from run to run, its golden record (the fields the
register shows, each with the source that said it) and its flags. Reviewers' decisions
and field verifications outlive every run.
"""

from django.db import models

from shezu.census.labels import FIELD_LABELS
from shezu.census.models.intake import SourceRecord
from shezu.timestamps import TimestampedModel


class LinkRun(TimestampedModel):
    """One run of the linkage engine over all source records (关联运行)."""

    engine = models.CharField(max_length=10)
    settings = models.JSONField(default=dict, help_text="thresholds and options of the run")
    model = models.JSONField(default=dict, help_text="the trained Splink model")
    records = models.PositiveIntegerField(default=0)
    organizations = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, help_text="counts printed by `census link`")
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-id"]
        verbose_name = "关联运行"

    def __str__(self) -> str:
        return f"run #{self.pk} ({self.engine})"


ACTIVE = models.Q(active=True)


class Organization(TimestampedModel):
    """One social organization of the register (在册社会组织), with its golden record.

    `fields` holds the golden values, `provenance` for each field which department, file,
    row and data date said it, `conflicts` the fields whose sources disagree and `missing`
    the required fields nobody gave. An organization absorbed by another keeps its row,
    with `merged_into` set, so an id people wrote down still leads somewhere.
    """

    org_id = models.CharField(max_length=12, unique=True, help_text="稳定编号, e.g. KM0000123")
    name = models.TextField(blank=True)
    uscc = models.CharField(max_length=18, blank=True)
    org_code = models.CharField(max_length=9, blank=True, help_text="组织机构代码")
    category = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=8, blank=True)
    county_code = models.CharField(max_length=6, blank=True)
    township_code = models.CharField(
        max_length=9, blank=True, help_text="统计用区划代码 of its township or management zone"
    )
    status = models.CharField(max_length=20, blank=True)
    fields = models.JSONField(default=dict, help_text="golden record: field → value")
    provenance = models.JSONField(default=dict, help_text="field → [source, …], chosen first")
    conflicts = models.JSONField(default=list, help_text="[{field, values: [...]}, …]")
    missing = models.JSONField(default=list, help_text="required fields no source gave")
    flags = models.JSONField(default=list, help_text="reasons to check it in the field")
    active = models.BooleanField(default=True, help_text="False once no record belongs to it")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    first_run = models.ForeignKey(LinkRun, null=True, on_delete=models.SET_NULL, related_name="+")
    last_run = models.ForeignKey(LinkRun, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["org_id"]
        verbose_name = "社会组织"
        indexes = [
            models.Index(fields=["uscc"]),
            models.Index(fields=["county_code"]),
            models.Index(fields=["township_code"]),
            models.Index(fields=["org_code"]),
            models.Index(fields=["name"]),
            # The register list (web/search.py) counts and pages active organizations
            # only; partial indexes let PostgreSQL count a county or a category from the
            # index alone and walk a county's page in order (benchmarks/web_scale.py).
            models.Index(
                fields=["county_code", "org_id"], condition=ACTIVE, name="org_active_county"
            ),
            models.Index(
                fields=["county_code", "category", "level", "status"],
                condition=ACTIVE,
                name="org_active_county_values",
            ),
            models.Index(
                fields=["township_code", "org_id"], condition=ACTIVE, name="org_active_township"
            ),
            models.Index(
                fields=["category", "level", "status"], condition=ACTIVE, name="org_active_values"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.name}"


class NameKeyKind(models.TextChoices):
    NAME = "name", FIELD_LABELS["name"]
    FORMER_NAME = "former_name", FIELD_LABELS["former_name"]
    CORE = "name_core", FIELD_LABELS["name_core"]
    INITIALS = "name_initials", FIELD_LABELS["name_initials"]


class OrganizationNameKey(models.Model):
    """One way people write an organization's name, to find it by (名称检索键).

    Its name as normalised, a former name (曾用名), its core name (核心名称) or the pinyin
    initials (拼音首字母) of its name: `register/keys.py` derives them from the golden
    record whenever its names change, so a search is an indexed equality, never a scan.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="name_keys"
    )
    kind = models.CharField(max_length=13, choices=NameKeyKind.choices)
    key = models.TextField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["key", "kind"])]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.key}"


class LinkKind(models.TextChoices):
    USCC = "uscc", "统一社会信用代码相同"
    ORG_CODE = "org_code", "组织机构代码相同"
    LICENSE = "license", "同一部门执业许可证号相同"
    FILING = "filing", "同一备案名录中名称、负责人相同"
    MODEL = "model", "概率模型"
    REVIEWER = "reviewer", "人工判定为同一组织"


class RecordLink(models.Model):
    """An edge the clustering used (关联依据): why two records are one organization."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="links")
    record_a = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=LinkKind.choices)
    probability = models.FloatField(null=True)
    evidence = models.JSONField(default=dict, help_text="rule, or field → (level, weight)")

    def __str__(self) -> str:
        return f"{self.record_a_id}–{self.record_b_id} {self.kind}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    MATCH = "match", "同一组织"
    DISTINCT = "distinct", "不同组织"


class ReviewItem(TimestampedModel):
    """A pair in the uncertainty band (人工审核). A decision binds every later run."""

    record_a = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    evidence = models.JSONField(default=dict)
    reason = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    note = models.TextField(blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True)
    last_run = models.ForeignKey(LinkRun, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = "审核项"
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="review_pair_once"),
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")), name="review_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"review #{self.pk} {self.status}"


class EventKind(models.TextChoices):
    NEW = "new", "新增"
    DEREGISTERED = "deregistered", "注销"
    VANISHED = "vanished", "消失"
    RENAMED = "renamed", "更名"
    MOVED = "moved", "迁址"
    MERGED = "merged", "合并"
    VERIFIED = "verified", "实地核实"


class OrganizationEvent(models.Model):
    """What a run or a verification changed about an organization (变动).

    `as_of` is the data's date (数据日期): when the departments' lists or the field team saw
    the change, which is what `census changes` counts by; `happened_at` is when shezu
    recorded it. Events recorded before the data date was kept have none.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    run = models.ForeignKey(LinkRun, null=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=14, choices=EventKind.choices)
    happened_at = models.DateTimeField()
    as_of = models.DateField(null=True, db_index=True, help_text="数据日期 of the change")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["happened_at", "id"]
        indexes = [models.Index(fields=["happened_at"])]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind}"


class VerificationTask(TimestampedModel):
    """An organization a field team must check (核实任务), and why."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tasks")
    reasons = models.JSONField(default=list)
    county_code = models.CharField(max_length=6, blank=True)
    level = models.CharField(max_length=8, blank=True)
    industry = models.CharField(max_length=40, blank=True, help_text="supervising unit or field")
    open = models.BooleanField(default=True)

    class Meta:
        ordering = ["county_code", "organization__org_id"]

    def __str__(self) -> str:
        return f"task {self.organization_id}"


class VerificationResult(models.TextChoices):
    ACTIVE = "正常活动", "正常活动"
    STOPPED = "停止活动", "停止活动"
    NOT_FOUND = "查无此组织", "查无此组织"
    DEREGISTERED = "已注销", "已注销"
    CORRECTED = "信息更正", "信息更正"


class Verification(models.Model):
    """One field team's finding (实地核实结果), imported from their returned sheet."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="verifications"
    )
    result = models.CharField(max_length=10, choices=VerificationResult.choices)
    verified_on = models.DateField()
    corrections = models.JSONField(default=dict, help_text="field → corrected value")
    verifier = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)
    file_name = models.CharField(max_length=255)
    row_number = models.PositiveIntegerField()
    file_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["verified_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["file_sha256", "row_number"], name="verification_row_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.result} {self.verified_on}"
