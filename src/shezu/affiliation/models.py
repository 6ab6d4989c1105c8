"""Classification and responsibility (分类、责任归属): who must build and guide the Party
organization of each organization in the register.

Organizations are held by their stable id (`org_id`, 稳定编号) — never a foreign key into
the census — so a classification, an override, a fact or an assignment outlives every
re-link; an id absorbed by another organization is followed to it (census.api).
"""

from django.db import models

from shezu.affiliation.vocabulary import ATTRIBUTE_LABELS, MODE_LABELS
from shezu.timestamps import TimestampedModel


class BodyKind(models.TextChoices):
    CITY = "city", "市级社会组织党建工作机构"
    COUNTY = "county", "县级社会组织党建工作机构"
    ZONE = "zone", "管理区党建工作机构"
    TOWNSHIP = "township", "乡镇街道党组织"
    SUPERVISOR = "supervisor", "业务主管单位党组织"
    FOUNDER = "founder", "举办单位党组织"
    INDUSTRY = "industry", "行业党委"


# The kinds that answer for an area as such (区域兜底 and 分级负责); the others answer for
# the organizations a unit supervises, founds, or an industry holds.
AREA_KINDS = (BodyKind.CITY, BodyKind.COUNTY, BodyKind.ZONE, BodyKind.TOWNSHIP)


class ResponsibleBody(TimestampedModel):
    """A Party body that can be responsible for social organizations (责任主体).

    `area_code` is its jurisdiction (管辖区划): 530100 for the city, a county's 6 digits,
    a township's or zone's 9 (统计用区划代码). `units` are the names of the organs,
    institutions or enterprises whose Party organization it is, as departments write them
    as supervising unit (业务主管单位) or founder (举办单位). The hierarchy has no cycles
    (`bodies.py` refuses one).
    """

    code = models.CharField(
        max_length=40, unique=True, help_text="编号, e.g. 530102 or 530100-lawyers"
    )
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    area_code = models.CharField(max_length=12, help_text="管辖区划代码")
    units = models.JSONField(default=list, help_text="对应单位: names it answers for")
    department = models.CharField(
        max_length=20, blank=True, help_text="主管部门: 组织部, or a 社会工作部 since 2023"
    )
    active = models.BooleanField(default=True)
    # False for a body a Party-organization file named as 上级党组织 before anyone had
    # entered it (affiliation.api.body_unconfirmed_add): it stands until a person checks it.
    confirmed = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "责任主体"
        indexes = [models.Index(fields=["kind", "area_code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Classification(TimestampedModel):
    """An organization's classification as the last run derived it (分类结果).

    `evidence` holds, for each attribute, where its value came from (登记类型, 名称含“商会”,
    人工更正：… ); `overridden` the attributes a person decided.
    """

    org_id = models.CharField(max_length=12, unique=True)
    level = models.CharField(max_length=8, blank=True)
    origin = models.CharField(max_length=4, blank=True)
    legal_form = models.CharField(max_length=12, blank=True)
    field = models.CharField(max_length=12, blank=True)
    founder = models.CharField(max_length=200, blank=True)
    founder_kind = models.CharField(max_length=8, blank=True)
    supervisor = models.CharField(max_length=200, blank=True)
    evidence = models.JSONField(default=dict)
    overridden = models.JSONField(default=list)

    class Meta:
        ordering = ["org_id"]
        verbose_name = "分类"

    def __str__(self) -> str:
        return f"{self.org_id} {self.legal_form} {self.field}"


ATTRIBUTE_CHOICES = list(ATTRIBUTE_LABELS.items())


class ClassificationOverride(TimestampedModel):
    """A person's decision on one attribute of one organization (人工更正), with the reason.

    It binds every later run, whatever the data says, until it is withdrawn.
    """

    org_id = models.CharField(max_length=12)
    attribute = models.CharField(max_length=12, choices=ATTRIBUTE_CHOICES)
    value = models.CharField(max_length=200)
    reason = models.TextField()
    decided_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["org_id", "attribute"]
        verbose_name = "分类更正"
        constraints = [
            models.UniqueConstraint(fields=["org_id", "attribute"], name="override_once"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.attribute}={self.value}"


class OrganizationFact(models.Model):
    """What a county wrote in the classification workbook about one organization (补充信息).

    Blank cells say nothing; the newest fact that gives an attribute wins.
    """

    org_id = models.CharField(max_length=12, db_index=True)
    founder = models.CharField(max_length=200, blank=True)
    founder_kind = models.CharField(max_length=8, blank=True)
    supervisor = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    file_name = models.CharField(max_length=255)
    row_number = models.PositiveIntegerField()
    file_sha256 = models.CharField(max_length=64)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = "补充信息"
        constraints = [
            models.UniqueConstraint(fields=["file_sha256", "row_number"], name="fact_row_once"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.file_name}:{self.row_number}"


class RuleVersion(TimestampedModel):
    """A version of the responsibility rules (责任划分规则版本), as loaded from its YAML.

    It takes effect from `effective_from` once adopted; adoption needs a preview of the
    same text first. The shipped Kunming rules need no row: they are the default.
    """

    version = models.CharField(max_length=40, unique=True)
    effective_from = models.DateField()
    text = models.TextField(help_text="the YAML as loaded")
    sha256 = models.CharField(max_length=64)
    previewed_at = models.DateTimeField(null=True)
    adopted_at = models.DateTimeField(null=True)
    adopted_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["effective_from", "version"]
        verbose_name = "规则版本"

    def __str__(self) -> str:
        return f"{self.version} (from {self.effective_from})"


class AssignmentRun(TimestampedModel):
    """One run of the rules over the register (责任分配运行)."""

    as_of = models.DateField()
    rule_version = models.CharField(max_length=40)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"assignment run #{self.pk} as of {self.as_of}"


MODE_CHOICES = list(MODE_LABELS.items())


class Assignment(models.Model):
    """Which body was responsible for an organization from `valid_from` until the day
    before `valid_to` (open: still is) — one row per stretch (责任归属).

    A new row starts when the body, the mode or whether the organization is in scope
    changes, with the reason (`reason`); the stretches of one organization never overlap
    and at most one is open.
    """

    org_id = models.CharField(max_length=12)
    body = models.ForeignKey(ResponsibleBody, on_delete=models.PROTECT, related_name="assignments")
    mode = models.CharField(max_length=10, choices=MODE_CHOICES)
    rule = models.CharField(max_length=60, help_text="the rule that decided")
    rule_version = models.CharField(max_length=40)
    in_scope = models.BooleanField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, help_text="why this stretch began")
    facts = models.JSONField(default=dict, help_text="the facts the rules were given")
    follow_up = models.JSONField(default=list, help_text="待跟进: what a person must still do")
    run = models.ForeignKey(AssignmentRun, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        ordering = ["org_id", "valid_from", "id"]
        verbose_name = "责任归属"
        indexes = [
            models.Index(fields=["org_id", "valid_from"]),
            models.Index(fields=["body", "valid_to"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org_id"],
                condition=models.Q(valid_to__isnull=True),
                name="assignment_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gt=models.F("valid_from")),
                name="assignment_stretch_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} → {self.body_id} from {self.valid_from}"
