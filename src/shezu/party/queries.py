"""Reads of the party context: Party organizations in an area, the organization tree,
members on a date, a member by ID number, and the facts the Party-rule checks run on.

Dates make the counts: a member counts on D when `Member.held_on(D)` (joined, transferred
in, not transferred out) and is a full member when `Member.is_full_on(D)`; a Party
organization is counted when `PartyOrganization.exists_on(D)`; a coverage when
`PartyCoverage.covers_on(D)`. These model methods are the one definition; the queries
here fetch the rows in a fixed number of queries and apply them in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shezu.affiliation.api import bodies_all
from shezu.census.api import (
    CITY_CODE,
    area_name,
    in_scope,
    organization_ids_in_township,
    organization_records,
)
from shezu.party import checks
from shezu.party.errors import PartyError
from shezu.party.models import (
    Member,
    PartyCoverage,
    PartyOrganization,
    SecretaryAppointment,
)
from shezu.party.vocabulary import EstablishmentMode, PartyOrgKind, SecretaryTitle
from shezu.personal import id_number_check, lookup_hash

__all__ = [
    "TreeNode",
    "area_name",
    "findings",
    "findings_for",
    "member_find_by_id_number",
    "members_of",
    "organization_findings_for",
    "party_orgs_in_area",
    "party_tree",
]

NO_UPPER_BODY = "（未填上级党组织）"


# ---------------------------------------------------------------------------
# Areas


def _area_checked(area_code: str) -> str:
    code = area_code.strip()
    if area_name(code) is None:
        raise PartyError(
            f"「{area_code}」不是昆明市的辖区代码：应为 530100、区县的 6 位或乡镇街道的 9 位代码"
        )
    return code


def party_orgs_in_area(area_code: str, on: dt.date | None = None) -> QuerySet[PartyOrganization]:
    """The Party organizations of an area: every one for the city (530100); a county's
    (6 digits) by their `area_code`; for a township or zone (9 digits) those covering an
    organization located there (on `on` when given, else at any time). Dissolved ones are
    included; `PartyOrganization.exists_on` tells. PartyError for an unknown code."""
    code = _area_checked(area_code)
    organizations = PartyOrganization.objects.all()
    if code == CITY_CODE:
        return organizations
    if len(code) == 6:
        return organizations.filter(area_code=code)
    coverages = PartyCoverage.objects.filter(org_id__in=organization_ids_in_township(code))
    if on is not None:
        coverages = coverages.filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=on),
            Q(left_on__isnull=True) | Q(left_on__gt=on),
        )
    return organizations.filter(pk__in=coverages.values("party_org_id"))


# ---------------------------------------------------------------------------
# Members


def members_of(party_org: PartyOrganization, on: dt.date) -> list[Member]:
    """The members whose relationship the organization holds on `on` (held_on), by name."""
    return [member for member in party_org.members.order_by("name", "id") if member.held_on(on)]


def member_find_by_id_number(text: str) -> Member | None:
    """The member with this citizen ID number (spaces and a lower-case x allowed): the
    checked number's keyed hash compared exactly, never a pattern; None for an invalid
    number or when nobody holds it."""
    try:
        number = id_number_check("".join(text.split())).number
    except ValueError:
        return None
    return Member.objects.filter(id_hash=lookup_hash(number)).first()


# ---------------------------------------------------------------------------
# Facts of Party organizations on a date


@dataclass
class _Counts:
    members: int = 0
    full_members: int = 0


@dataclass(frozen=True)
class _Gathered:
    """Own counts on D of every Party organization asked about and of its sub-organizations,
    and the tree of those that exist on D."""

    counts: dict[int, _Counts]
    covered: dict[int, frozenset[str]]
    children: dict[int | None, list[int]]
    secretaries: dict[int, list[checks.SecretaryFacts]]

    def subtree(self, party_org_id: int) -> list[int]:
        found, stack = [], [party_org_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children.get(current, ()))
        return found

    def totals(self, party_org_id: int) -> _Counts:
        total = _Counts()
        for member in self.subtree(party_org_id):
            own = self.counts.get(member)
            if own is not None:
                total.members += own.members
                total.full_members += own.full_members
        return total


def _gather(party_orgs: list[PartyOrganization], on: dt.date) -> _Gathered:
    """Five queries whatever the number of organizations."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent, founded, dissolved in PartyOrganization.objects.values_list(
        "pk", "parent_id", "founded_on", "dissolved_on"
    ):
        if PartyOrganization(founded_on=founded, dissolved_on=dissolved).exists_on(on):
            children[parent].append(pk)
    asked = [org.pk for org in party_orgs]
    gathered = _Gathered({}, {}, children, defaultdict(list))
    wanted = {pk for org in asked for pk in gathered.subtree(org)}
    for member in Member.objects.filter(party_org_id__in=wanted).only(
        "party_org_id", "joined_on", "category", "full_on", "transfer_in_on", "transfer_out_on"
    ):
        if member.party_org_id is not None and member.held_on(on):
            counts = gathered.counts.setdefault(member.party_org_id, _Counts())
            counts.members += 1
            counts.full_members += member.is_full_on(on)
    covered: dict[int, set[str]] = defaultdict(set)
    for coverage in PartyCoverage.objects.filter(party_org_id__in=asked):
        if coverage.covers_on(on):
            covered[coverage.party_org_id].add(coverage.org_id)
    gathered.covered.update({pk: frozenset(ids) for pk, ids in covered.items()})
    for appointment in (
        SecretaryAppointment.objects.filter(party_org_id__in=asked, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .select_related("member")
        .order_by("party_org_id", "title", "started_on", "id")
    ):
        person = appointment.member
        gathered.secretaries[appointment.party_org_id].append(
            checks.SecretaryFacts(
                name=appointment.name,
                title=SecretaryTitle(appointment.title).label,
                recorded=person is not None,
                full_member=person is not None and person.is_full_on(on),
            )
        )
    return gathered


def _facts(org: PartyOrganization, gathered: _Gathered) -> checks.PartyOrgFacts:
    # A 党总支 or 党委 holds its members in its branches: the size rules count the whole
    # subtree (a branch has none below it, so its own members).
    totals = gathered.totals(org.pk)
    return checks.PartyOrgFacts(
        id=org.pk,
        name=org.name,
        kind=org.kind,
        mode=org.mode,
        founded_on=org.founded_on,
        dissolved_on=org.dissolved_on,
        has_committee=org.has_committee,
        elected_on=org.elected_on,
        term_ends_on=org.term_ends_on,
        members=totals.members,
        full_members=totals.full_members,
        organizations=len(gathered.covered.get(org.pk, ())),
        secretaries=tuple(gathered.secretaries.get(org.pk, ())),
    )


def _existing(party_orgs: Iterable[PartyOrganization], on: dt.date) -> list[PartyOrganization]:
    return [org for org in party_orgs if org.exists_on(on)]


# ---------------------------------------------------------------------------
# 应建未建: organizations with three full members on their staff and no Party organization


def _organization_facts(area_code: str, on: dt.date) -> list[checks.OrganizationFacts]:
    staff: dict[str, int] = defaultdict(int)
    for member in Member.objects.exclude(employer_org_id="").only(
        "employer_org_id", "joined_on", "category", "full_on", "transfer_in_on", "transfer_out_on"
    ):
        if member.held_on(on) and member.is_full_on(on):
            staff[member.employer_org_id] += 1
    candidates = {
        org_id for org_id, count in staff.items() if count >= checks.SHOULD_BUILD_MIN_FULL_MEMBERS
    }
    if len(area_code) == 9:
        candidates &= set(organization_ids_in_township(area_code))
    if not candidates:
        return []
    own: set[str] = set()
    for coverage in PartyCoverage.objects.filter(
        org_id__in=candidates, party_org__mode=EstablishmentMode.SINGLE
    ).select_related("party_org"):
        if coverage.covers_on(on) and coverage.party_org.exists_on(on):
            own.add(coverage.org_id)
    facts = []
    for record in organization_records(sorted(candidates)):
        if area_code != CITY_CODE and len(area_code) == 6 and record.county_code != area_code:
            continue
        if not in_scope(record, on)[0]:
            continue
        facts.append(
            checks.OrganizationFacts(
                org_id=record.org_id,
                name=record.name,
                full_members_on_staff=staff[record.org_id],
                has_own_party_org=record.org_id in own,
            )
        )
    return facts


# ---------------------------------------------------------------------------
# Findings


def findings(area_code: str, on: dt.date) -> list[checks.Finding]:
    """Every Party-rule finding in an area on `on`: over the Party organizations that
    exist then (party_orgs_in_area) and the in-scope organizations located there (应建未建).
    A bounded number of queries, whatever the size of the area."""
    code = _area_checked(area_code)
    party_orgs = _existing(party_orgs_in_area(code, on), on)
    gathered = _gather(party_orgs, on)
    return checks.findings_of(
        (_facts(org, gathered) for org in party_orgs), _organization_facts(code, on), on
    )


def findings_for(party_org: PartyOrganization, on: dt.date) -> list[checks.Finding]:
    """The findings about one Party organization on `on` (none when it does not exist
    then), for its record page."""
    if not party_org.exists_on(on):
        return []
    return checks.party_org_findings(_facts(party_org, _gather([party_org], on)), on)


def organization_findings_for(org_id: str, on: dt.date) -> list[checks.Finding]:
    """The findings about one social organization on `on` (应建未建), for its record page."""
    staff = [
        member
        for member in Member.objects.filter(employer_org_id=org_id)
        if member.held_on(on) and member.is_full_on(on)
    ]
    if len(staff) < checks.SHOULD_BUILD_MIN_FULL_MEMBERS:
        return []
    records = list(organization_records([org_id]))
    if not records or not in_scope(records[0], on)[0]:
        return []
    own = any(
        coverage.covers_on(on) and coverage.party_org.exists_on(on)
        for coverage in PartyCoverage.objects.filter(
            org_id=org_id, party_org__mode=EstablishmentMode.SINGLE
        ).select_related("party_org")
    )
    facts = checks.OrganizationFacts(org_id, records[0].name, len(staff), own)
    return checks.organization_findings(facts, on)


# ---------------------------------------------------------------------------
# The tree: upper bodies → Party organizations → their sub-organizations


@dataclass(frozen=True)
class TreeNode:
    """One node of the organization tree on a date. `kind` is "body" (an upper Party body,
    `key` its responsible-body code) or "party_org" (`key` its id). The counts take in
    everything below: members held, of them full members, organizations covered (each
    once)."""

    kind: str
    key: str
    name: str
    kind_label: str  # 党委 / 党总支 / 党支部 / 联合党支部, or 上级党组织
    members: int
    full_members: int
    organizations: int
    children: tuple[TreeNode, ...] = ()


def party_tree(area_code: str, on: dt.date) -> list[TreeNode]:
    """The Party organizations of an area that exist on `on`, under their upper bodies
    (by body code; a body unknown to affiliation shows its code), each with the
    sub-organizations the area holds. Bodies by name, organizations by name."""
    code = _area_checked(area_code)
    party_orgs = _existing(party_orgs_in_area(code, on), on)
    gathered = _gather(party_orgs, on)
    by_id = {org.pk: org for org in party_orgs}

    def node(org: PartyOrganization) -> tuple[TreeNode, frozenset[str]]:
        below = [node(by_id[pk]) for pk in gathered.children.get(org.pk, ()) if pk in by_id]
        below.sort(key=lambda pair: pair[0].name)
        covered = gathered.covered.get(org.pk, frozenset()).union(*(ids for _, ids in below))
        totals = gathered.totals(org.pk)
        return (
            TreeNode(
                kind="party_org",
                key=str(org.pk),
                name=org.name,
                kind_label=PartyOrgKind(org.kind).label,
                members=totals.members,
                full_members=totals.full_members,
                organizations=len(covered),
                children=tuple(child for child, _ in below),
            ),
            covered,
        )

    roots: dict[str, list[tuple[TreeNode, frozenset[str]]]] = defaultdict(list)
    for org in party_orgs:
        if org.parent_id is None or org.parent_id not in by_id:
            roots[org.parent_body_code].append(node(org))
    names = {body.code: body.name for body in bodies_all()} if roots else {}
    tree = []
    for body_code, held in roots.items():
        held.sort(key=lambda pair: pair[0].name)
        covered = frozenset().union(*(ids for _, ids in held))
        tree.append(
            TreeNode(
                kind="body",
                key=body_code,
                name=names.get(body_code, body_code) or NO_UPPER_BODY,
                kind_label="上级党组织",
                members=sum(n.members for n, _ in held),
                full_members=sum(n.full_members for n, _ in held),
                organizations=len(covered),
                children=tuple(n for n, _ in held),
            )
        )
    return sorted(tree, key=lambda n: (n.key == "", n.name))
