"""Party organizations, their members, secretaries and instructors (党组织、党员、书记、党建指导员).

Social organizations are held by their stable id (`org_id`, 稳定编号), never a foreign key
into the census, as in affiliation: a coverage or an employer outlives every re-link. An
upper Party body (上级党组织 that is not a Party organization kept here: a city, county
or industry committee) is held by its responsible-body code (affiliation).

Dates make history: a branch dissolved has `dissolved_on`, an organization that left a
joint branch a `left_on`, a member transferred out a `transfer_out_on`; a later file
changes these and each change is kept in `PartyChange`, so nothing is ever duplicated and
any past date can be counted again (issue 11).

A member's citizen ID number (公民身份号码) is never stored as such: `id_sealed` holds it
sealed (SM4-GCM, shezu/personal.py), `id_hash` a keyed hash for exact lookup, `id_masked`
what a list shows (530102********1234).
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from shezu.party.vocabulary import (
    ActivityKind,
    EstablishmentMode,
    MemberCategory,
    PartyOrgKind,
    SecretaryChannel,
    SecretaryTitle,
    Sex,
)
from shezu.timestamps import TimestampedModel


class TemplateKind(models.TextChoices):
    """The fixed templates counties fill (填报模板)."""

    ORGS = "orgs", "党组织"
    MEMBERS = "members", "党员"
    SECRETARIES = "secretaries", "书记"
    INSTRUCTORS = "instructors", "党建指导员"
    ACTIVITIES = "activities", "组织生活"


class PartyImportBatch(TimestampedModel):
    """One imported template file; the same file (by SHA-256) is imported once."""

    kind = models.CharField(max_length=12, choices=TemplateKind.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64, unique=True)
    imported_by = models.CharField(max_length=150, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    applied = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"party import #{self.pk} {self.kind} {self.file_name}"


class PartyRejectedRow(models.Model):
    """A row the import refused, with its cells as written and the reasons (row, column,
    message), for the rejects workbook the county gets back. A citizen ID number among the
    cells is kept sealed (`cells` never holds it in the clear)."""

    batch = models.ForeignKey(PartyImportBatch, on_delete=models.CASCADE, related_name="rejects")
    row_number = models.PositiveIntegerField()
    cells = models.JSONField(default=dict, help_text="header → value as written")
    reasons = models.JSONField(default=list, help_text="[[column, message], …]")

    class Meta:
        ordering = ["batch", "row_number"]

    def __str__(self) -> str:
        return f"batch {self.batch_id} row {self.row_number}"


class PartyOrganization(TimestampedModel):
    """A Party organization (党组织) of or for social organizations.

    Its parent is another Party organization kept here (`parent`) or an upper Party body
    (`parent_body_code`, a responsible body). `area_code` is the county (6 digits, or
    530100 for a city-level organization) it belongs to, for jurisdiction: where its
    covered organizations lie, else its upper body's area.
    """

    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, help_text="party_name_key(name)")
    kind = models.CharField(max_length=16, choices=PartyOrgKind.choices)
    mode = models.CharField(max_length=8, choices=EstablishmentMode.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    parent_body_code = models.CharField(
        max_length=40, blank=True, help_text="上级党组织 (责任主体)"
    )
    area_code = models.CharField(max_length=12, db_index=True)
    founded_on = models.DateField(null=True, blank=True, help_text="成立日期")
    dissolved_on = models.DateField(null=True, blank=True, help_text="撤销日期")
    has_committee = models.BooleanField(null=True, help_text="是否设支部委员会; None: not said")
    elected_on = models.DateField(null=True, blank=True, help_text="本届选举日期 (换届)")
    term_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text="任期年限")
    batch = models.ForeignKey(
        PartyImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "党组织"
        indexes = [models.Index(fields=["parent_body_code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def term_ends_on(self) -> dt.date | None:
        """When the present term runs out (届满), if the election date and term are known."""
        if self.elected_on is None or not self.term_years:
            return None
        try:
            return self.elected_on.replace(year=self.elected_on.year + self.term_years)
        except ValueError:  # elected on 29 February
            return self.elected_on.replace(year=self.elected_on.year + self.term_years, day=28)

    def exists_on(self, day: dt.date) -> bool:
        """Founded on or before `day` and not dissolved on or before it (domain §8)."""
        founded = self.founded_on is None or self.founded_on <= day
        return founded and (self.dissolved_on is None or self.dissolved_on > day)


class PartyCoverage(models.Model):
    """A social organization covered by a Party organization from `joined_on` until the day
    before `left_on` (open: still is); an organization may leave a joint branch and join
    another."""

    party_org = models.ForeignKey(
        PartyOrganization, on_delete=models.CASCADE, related_name="coverages"
    )
    org_id = models.CharField(max_length=12, db_index=True)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["party_org", "org_id", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_org", "org_id"],
                condition=models.Q(left_on__isnull=True),
                name="party_coverage_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party_org_id} covers {self.org_id}"

    def covers_on(self, day: dt.date) -> bool:
        joined = self.joined_on is None or self.joined_on <= day
        return joined and (self.left_on is None or self.left_on > day)


class Member(TimestampedModel):
    """A Party member (党员) recorded by a county.

    `party_org` holds the member's organizational relationship (组织关系) when it is held
    here; when it is not (`party_org` None), the member works in a social organization
    (`employer_org_id`) but the relationship stays elsewhere (`relationship_elsewhere`
    names where, when known): the "pocket members" (口袋党员) the county must bring in.
    """

    name = models.CharField(max_length=50)
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)
    id_sealed = models.TextField(help_text="公民身份号码, sealed (SM4-GCM)")
    id_hash = models.CharField(max_length=64, unique=True, help_text="keyed hash, exact lookup")
    id_masked = models.CharField(max_length=18, help_text="530102********1234")
    birth_date = models.DateField(null=True, blank=True)
    joined_on = models.DateField(null=True, blank=True, help_text="入党日期")
    category = models.CharField(max_length=12, choices=MemberCategory.choices)
    full_on = models.DateField(null=True, blank=True, help_text="转正日期")
    party_org = models.ForeignKey(
        PartyOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    relationship_elsewhere = models.CharField(
        max_length=200, blank=True, help_text="组织关系所在 when not held here"
    )
    employer_org_id = models.CharField(max_length=12, blank=True, db_index=True)
    employer_name = models.CharField(max_length=200, blank=True, help_text="工作单位 as written")
    transfer_in_on = models.DateField(null=True, blank=True, help_text="转入日期")
    transfer_out_on = models.DateField(null=True, blank=True, help_text="转出日期")
    batch = models.ForeignKey(
        PartyImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "党员"

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"

    def is_full_on(self, day: dt.date) -> bool:
        """A full member (正式党员) on `day`: recorded full, or probationary and made full
        on or before it."""
        if self.category == MemberCategory.FULL:
            return self.full_on is None or self.full_on <= day
        return self.full_on is not None and self.full_on <= day

    def held_on(self, day: dt.date) -> bool:
        """Joined, transferred in and not yet transferred out on `day` (domain §8)."""
        joined = self.joined_on is None or self.joined_on <= day
        came = self.transfer_in_on is None or self.transfer_in_on <= day
        return joined and came and (self.transfer_out_on is None or self.transfer_out_on > day)


class SecretaryAppointment(TimestampedModel):
    """A secretary (书记) or first secretary (第一书记) of a Party organization, from
    `started_on` until the day before `ended_on`; `member` when the person is recorded as a
    member (the rule "a secretary must be a full member" needs it)."""

    party_org = models.ForeignKey(
        PartyOrganization, on_delete=models.CASCADE, related_name="secretaries"
    )
    name = models.CharField(max_length=50)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments"
    )
    channel = models.CharField(max_length=20, choices=SecretaryChannel.choices)
    title = models.CharField(max_length=16, choices=SecretaryTitle.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    batch = models.ForeignKey(
        PartyImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["party_org", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_org", "name", "title", "started_on"],
                name="secretary_one_appointment",
            )
        ]


class Instructor(TimestampedModel):
    """A party-building instructor (党建指导员) sent to a social organization without a Party
    organization, from `started_on` until the day before `ended_on`: work coverage
    (工作覆盖)."""

    org_id = models.CharField(max_length=12, db_index=True)
    name = models.CharField(max_length=50)
    channel = models.CharField(max_length=20, choices=SecretaryChannel.choices, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    batch = models.ForeignKey(
        PartyImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["org_id", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_id", "name", "started_on"], name="instructor_one_stretch"
            )
        ]


class Activity(TimestampedModel):
    """A meeting or activity of organizational life (组织生活), as imported now; the
    organizational-life issue builds its compliance on these."""

    party_org = models.ForeignKey(
        PartyOrganization, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField()
    topic = models.CharField(max_length=200, blank=True)
    expected = models.PositiveIntegerField(null=True, blank=True, help_text="应到人数")
    attended = models.PositiveIntegerField(null=True, blank=True, help_text="实到人数")
    batch = models.ForeignKey(
        PartyImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["party_org", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_org", "kind", "held_on", "topic"], name="activity_once"
            )
        ]


class PartyChange(models.Model):
    """One field of one record changed by a later file (or a person): the history behind
    "a branch dissolved, a member transferred out". An ID number is never a value here."""

    batch = models.ForeignKey(
        PartyImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    object_type = models.CharField(max_length=20)  # party_org, member, coverage, …
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    by = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} {self.field}"
