"""Intake data: one batch per imported file, one source record per accepted row.

Every row is kept verbatim (`raw`) next to its normalised fields, so nothing a
department sent is ever lost and every value can be traced to file and row.
"""

from django.db import models

from shezu.timestamps import TimestampedModel


class Department(models.TextChoices):
    """The six sources of the census (摸底)."""

    CIVIL_AFFAIRS = "民政", "民政 civil affairs"
    JUSTICE = "司法", "司法 justice"
    FINANCE = "财政", "财政 finance"
    TAX = "税务", "税务 tax"
    INDUSTRY_COMMERCE = "工商", "工商 industry and commerce"
    STREET_FILING = "备案", "备案 street filing lists"


class ImportBatch(TimestampedModel):
    """One imported file (导入批次). The file's hash makes a second import of it a no-op."""

    department = models.CharField(max_length=4, choices=Department.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, unique=True)
    file_size = models.BigIntegerField()
    sheet = models.CharField(max_length=255, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    header_row = models.PositiveIntegerField(help_text="1-based row of the header in the sheet")
    as_of = models.DateField(help_text="date the department's data describes (数据截止日期)")
    # Several phone columns are all named, as a list (see intake/mapping.py).
    mapping = models.JSONField(default=dict, help_text="canonical field → header")
    headers = models.JSONField(default=list, help_text="every header, in file order")
    rows_read = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="blank and totals rows")
    warnings = models.JSONField(default=dict, help_text="field → number of warnings")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "导入批次"

    def __str__(self) -> str:
        return f"#{self.pk} {self.department} {self.file_name}"

    @property
    def unmapped_headers(self) -> list[str]:
        """Headers no canonical field maps to: kept in each record's `raw` only."""
        mapped = {
            header
            for headers in self.mapping.values()
            for header in ([headers] if isinstance(headers, str) else headers)
        }
        return [header for header in self.headers if header not in mapped]


class SourceRecord(models.Model):
    """One accepted row (来源记录): verbatim cells plus normalised fields for linkage."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField(help_text="1-based data row, header excluded")
    raw = models.JSONField(help_text="header → cell text, as in the file")
    record_id = models.CharField(max_length=64, blank=True)

    name = models.TextField(blank=True)
    name_core = models.TextField(blank=True, help_text="核心名称: without region and suffix")
    name_region = models.CharField(max_length=6, blank=True)
    in_preparation = models.BooleanField(default=False, help_text="（筹）")
    former_name = models.TextField(blank=True, help_text="曾用名")

    uscc = models.CharField(max_length=40, blank=True, help_text="统一社会信用代码")
    uscc_valid = models.BooleanField(null=True)
    org_code = models.CharField(max_length=20, blank=True, help_text="组织机构代码")
    org_code_valid = models.BooleanField(null=True)
    org_code_source = models.CharField(max_length=8, blank=True)
    tax_id = models.CharField(max_length=40, blank=True, help_text="税务登记号")
    tax_id_valid = models.BooleanField(null=True)
    business_reg_no = models.CharField(max_length=40, blank=True, help_text="工商注册号")
    business_reg_no_valid = models.BooleanField(null=True)
    license_no = models.CharField(max_length=64, blank=True, help_text="执业许可证号")

    category = models.CharField(max_length=20, blank=True)
    category_inferred = models.BooleanField(default=False)
    level = models.CharField(max_length=8, blank=True, help_text="全市性/县级/城乡社区")
    registration_authority = models.TextField(blank=True)
    supervisor = models.TextField(blank=True, help_text="业务主管单位")
    founder = models.TextField(blank=True, help_text="举办单位")

    address = models.TextField(blank=True)
    county_code = models.CharField(max_length=6, blank=True)
    township = models.CharField(max_length=40, blank=True)
    zone = models.CharField(max_length=40, blank=True)
    community = models.CharField(max_length=60, blank=True)
    address_confidence = models.FloatField(default=0.0)
    township_candidates = models.JSONField(
        default=list,
        help_text="乡镇街道候选: townships the address's road crosses when its number cannot tell",
    )

    legal_rep = models.CharField(max_length=100, blank=True)
    phones = models.CharField(max_length=255, blank=True, help_text="normalised, comma-separated")
    established_on = models.DateField(null=True)
    status = models.CharField(max_length=20, blank=True)
    status_date = models.DateField(null=True)
    inspection = models.CharField(max_length=40, blank=True)
    staff_count = models.PositiveIntegerField(null=True)
    warnings = models.JSONField(default=list, help_text="[[field, message], …]")
    organization = models.ForeignKey(
        "census.Organization", null=True, on_delete=models.SET_NULL, related_name="records"
    )

    class Meta:
        ordering = ["batch_id", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="record_row_once"),
        ]
        indexes = [
            models.Index(fields=["uscc"]),
            models.Index(fields=["org_code"]),
            models.Index(fields=["name_core"]),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number} {self.name}"


class RejectedRow(models.Model):
    """A row that could not be taken (退回行), kept verbatim for the department to correct."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejects")
    row_number = models.PositiveIntegerField()
    raw = models.JSONField()
    reasons = models.JSONField(help_text="[[field, message], …]")

    class Meta:
        ordering = ["batch_id", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="reject_row_once"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number} rejected"
