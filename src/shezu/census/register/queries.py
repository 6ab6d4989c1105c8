"""Reads of the master register: organizations and what changed."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from shezu.census.errors import EmptyRegisterError, RegisterError
from shezu.census.labels import FIELD_LABELS
from shezu.census.models import (
    Organization,
    OrganizationEvent,
    OrganizationNameKey,
    SourceRecord,
    Verification,
    VerificationTask,
)
from shezu.census.models.register import EventKind
from shezu.census.normalise.identifiers import (
    IdKind,
    classify,
    clean_code,
    org_code_from_tax_id,
    org_code_from_uscc,
)
from shezu.census.normalise.names import OrgName, normalise_name
from shezu.census.register.golden import same_name
from shezu.census.register.ids import ORG_ID_PREFIX
from shezu.census.register.keys import CORE, FORMER_NAME, INITIALS, NAME, initials_typed
from shezu.census.register.scope import FieldVisit, OrganizationRecord

# The order `census changes` reports kinds in: births first, then edits, then endings.
CHANGE_ORDER = (
    EventKind.NEW,
    EventKind.RENAMED,
    EventKind.MOVED,
    EventKind.DEREGISTERED,
    EventKind.VANISHED,
    EventKind.MERGED,
    EventKind.VERIFIED,
)
CHUNK = 2000


@dataclass(frozen=True)
class Changes:
    """Register events whose data date (`as_of`) falls in a window, by kind.

    `counts` holds every kind asked for, in `CHANGE_ORDER`, zero included. The events
    themselves are read when asked for: the first few of each kind for a screen
    (`listed`), or all of them, streamed, for a file (`each`).
    """

    since: dt.date
    until: dt.date | None
    counts: dict[str, int]
    events: QuerySet[OrganizationEvent]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def listed(self, limit: int | None = None) -> dict[str, list[OrganizationEvent]]:
        """Kind → its first `limit` events (all without a limit), oldest data first."""
        return {
            kind: list(self.events.filter(kind=kind)[:limit]) if count else []
            for kind, count in self.counts.items()
        }

    def each(self) -> Iterator[OrganizationEvent]:
        """Every event, kind by kind in `CHANGE_ORDER`, in flat memory."""
        for kind, count in self.counts.items():
            if count:
                yield from self.events.filter(kind=kind).iterator(chunk_size=CHUNK)


def changes_since(
    *, since: dt.date, until: dt.date | None = None, kinds: Sequence[str] = ()
) -> Changes:
    """Register events whose data date is from `since` to `until` (both included), of
    `kinds` (every kind when empty).

    The data date is the date of the department list or field visit that showed the
    change, not when shezu recorded it: a list dated 31 March, linked in May, is a March
    change. Raises RegisterError when the register is empty or `until` is before `since`.
    """
    if until is not None and until < since:
        raise RegisterError(
            f"截止日期 {until.isoformat()} 早于起始日期 {since.isoformat()} (end before start)"
        )
    if not Organization.objects.exists():
        raise EmptyRegisterError()
    wanted = [kind.value for kind in CHANGE_ORDER if not kinds or kind in kinds]
    events = OrganizationEvent.objects.filter(as_of__gte=since, kind__in=wanted)
    if until is not None:
        events = events.filter(as_of__lte=until)
    counts = dict.fromkeys(wanted, 0)
    for row in events.values("kind").annotate(n=Count("id")).order_by():
        counts[row["kind"]] = row["n"]
    # An organization's provenance is most of its row and no change list shows it.
    ordered = (
        events.select_related("organization")
        .defer("organization__provenance")
        .order_by("as_of", "id")
    )
    return Changes(since=since, until=until, counts=counts, events=ordered)


@dataclass(frozen=True)
class TownshipCoverage:
    """How many registered organizations with an address are placed in a township-level
    unit (乡镇街道, or the management zone standing for one), i.e. have a locality (属地)
    to fall to in the last resort."""

    with_address: int  # active organizations whose golden record has an address
    with_township: int  # … and a township
    unresolved: int  # … on a road crossing townships that the house number cannot settle

    @property
    def share(self) -> float:
        """Organizations with a township, of those with an address (1.0 if none)."""
        return self.with_township / self.with_address if self.with_address else 1.0


def township_coverage() -> TownshipCoverage:
    """Counted in the database, over the active organizations' golden records."""
    counts = (
        Organization.objects.filter(active=True)
        .exclude(fields__address="")
        .aggregate(
            with_address=Count("pk"),
            with_township=Count("pk", filter=~Q(fields__township="")),
            unresolved=Count("pk", filter=~Q(fields__township_candidates=[])),
        )
    )
    return TownshipCoverage(**counts)


# ---------------------------------------------------------------- finding organizations

ORG_ID_LABEL = FIELD_LABELS["org_id"]
_ORG_ID = re.compile(rf"{ORG_ID_PREFIX}(\d{{1,7}})")
# What a list of organizations shows; the provenance, the largest column, stays behind.
_LISTED = (
    "id", "org_id", "name", "uscc", "org_code", "category", "level", "county_code", "status",
    "active", "merged_into", "fields",
)  # fmt: skip
_Step = tuple[str, Callable[[], QuerySet[Organization]]]


@dataclass(frozen=True)
class OrganizationSearch:
    """A search of the register (查找): what was asked, which keys were tried in turn, and
    the organizations the first key that found any found."""

    query: str
    tried: tuple[str, ...]  # the keys searched, as people call them (统一社会信用代码 …)
    found_by: str  # the key that found the organizations; "" when none did
    organizations: list[Organization]  # at most the search's limit, by org_id
    total: int  # how many organizations that key found
    absorbed_id: str = ""  # the id asked for, when it was merged into organizations[0]


def organizations_search(query: str, *, limit: int = 20) -> OrganizationSearch:
    """Find organizations the way people name them; the first key that finds any decides.

    A stable id (KM0000123, any case; an absorbed id leads to the organization that took
    it in) · a credit code, then the credit code a source record gave, then the
    organization code inside it · an organization code (or one inside an old tax number),
    then as a source record gave it · a name: as the golden record has it, as normalised
    (any region prefix, width or bracket style), a former name (曾用名), then the core name
    (核心名称) with a compatible region and legal form · pinyin initials (拼音首字母).
    Codes may be typed in lower case, with spaces or dashes. Only active organizations
    are found, except by id. Every key is an indexed lookup.
    """
    text = " ".join(query.split())
    if not text:
        raise RegisterError("请给出组织编号、代码、名称或拼音首字母 (nothing to search for)")
    code = clean_code(text)
    org_id = _org_id(code)
    if org_id:
        return _search_org_id(text, org_id)
    steps = _code_steps(code)
    initials = initials_typed(text)
    if initials and (not steps or text.isalpha()):
        steps.append((FIELD_LABELS["name_initials"], lambda: _keyed(INITIALS, initials)))
    if not steps:
        steps = _name_steps(text, core=True)
    tried: list[str] = []
    for label, matches in steps:
        tried.append(label)
        # Ids first, sorted here: with ORDER BY org_id LIMIT n, PostgreSQL may walk the
        # org_id index past the whole register looking for the one credit code it wants.
        found = sorted(matches().order_by().values_list("org_id", "pk"))
        if found:
            first = [pk for _, pk in found[:limit]]
            listed = list(Organization.objects.only(*_LISTED).filter(pk__in=first))
            return OrganizationSearch(text, tuple(tried), label, listed, len(found))
    return OrganizationSearch(text, tuple(tried), "", [], 0)


def organization_match(
    *, uscc: str = "", org_code: str = "", name: str = ""
) -> Organization | None:
    """The one active organization these identify, or None when none or several do.

    Identifiers first (credit code, then organization code, each as `organizations_search`
    looks them up), then the name as written, as normalised, or as a former name — never
    the core name alone, which a city and a county association share. The first key that
    finds anything decides: two organizations there mean None, not a guess further down.
    """
    steps = [*_code_steps(clean_code(uscc)), *_code_steps(clean_code(org_code))]
    name = " ".join(name.split())
    if name:
        steps += _name_steps(name, core=False)
    for _, matches in steps:
        found = list(matches().order_by()[:2])  # no ORDER BY: see organizations_search
        if found:
            return found[0] if len(found) == 1 else None
    return None


def organization_candidates(
    *, uscc: str = "", org_code: str = "", name: str = "", limit: int = 20
) -> list[Organization]:
    """Every active organization the first finding key gives (at most `limit`, by stable
    id): what `organization_match` would choose among, so that a caller refusing an
    ambiguous reference can name the candidates.

    The keys are `organization_match`'s — credit code, organization code, the name as
    written, as normalised, as a former name — and, when none of these finds anything, the
    core name whose region and legal form do not contradict it (五华区摄影家协会 for
    摄影家协会, 昆明市摄影家协会 for 昆明摄影家协会). [] when nothing matches.
    """
    steps = [*_code_steps(clean_code(uscc)), *_code_steps(clean_code(org_code))]
    name = " ".join(name.split())
    if name:
        steps += _name_steps(name, core=True)
    for _, matches in steps:
        found = list(matches().order_by("org_id")[:limit])
        if found:
            return found
    return []


def organization_get(*, org_id: str) -> Organization:
    """The organization with this stable id, following an absorbed id to its survivor."""
    code = _org_id(clean_code(org_id))
    organization = Organization.objects.filter(org_id=code).first() if code else None
    if organization is None:
        raise RegisterError(f"没有编号为 {org_id.strip()} 的社会组织 (no such organization)")
    return organization_survivor(organization)


@dataclass(frozen=True)
class OrganizationDetail:
    """Everything `census show` prints about one organization."""

    organization: Organization
    records: list[SourceRecord]  # its source records, by department list and row
    events: list[OrganizationEvent]  # newest first
    tasks: list[VerificationTask]  # open field-verification tasks


def organization_detail(*, org_id: str) -> OrganizationDetail:
    organization = Organization.objects.get(org_id=org_id)
    records = (
        SourceRecord.objects.filter(organization=organization)
        .select_related("batch")
        .order_by("batch__as_of", "batch_id", "row_number")
    )
    events = organization.events.order_by("-happened_at", "-id")
    tasks = organization.tasks.filter(open=True).order_by("id")
    return OrganizationDetail(organization, list(records), list(events), list(tasks))


def _org_id(code: str) -> str:
    """KM0000123 from km0000123 or KM123; "" if the text is no stable id."""
    match = _ORG_ID.fullmatch(code)
    return f"{ORG_ID_PREFIX}{int(match.group(1)):07d}" if match else ""


def organization_survivor(organization: Organization) -> Organization:
    """The organization an absorbed one (merged_into) ended in; itself if not absorbed."""
    seen = {organization.pk}
    while organization.merged_into_id is not None:
        organization = Organization.objects.get(pk=organization.merged_into_id)
        if organization.pk in seen:  # a cycle would be a linkage bug; stop at it
            break
        seen.add(organization.pk)
    return organization


def _search_org_id(text: str, org_id: str) -> OrganizationSearch:
    asked = Organization.objects.only(*_LISTED).filter(org_id=org_id).first()
    if asked is None:
        return OrganizationSearch(text, (ORG_ID_LABEL,), "", [], 0)
    found = organization_survivor(asked)
    absorbed = asked.org_id if found.pk != asked.pk else ""
    return OrganizationSearch(text, (ORG_ID_LABEL,), ORG_ID_LABEL, [found], 1, absorbed)


def _active() -> QuerySet[Organization]:
    return Organization.objects.only(*_LISTED).filter(active=True)


def _keyed(kind: str, key: str) -> QuerySet[Organization]:
    keys = OrganizationNameKey.objects.filter(kind=kind, key=key)
    return _active().filter(pk__in=keys.values("organization_id"))


def _in_records(**code: str) -> QuerySet[Organization]:
    return _active().filter(pk__in=SourceRecord.objects.filter(**code).values("organization_id"))


def _code_steps(code: str) -> list[_Step]:
    """The lookups a code calls for, by its shape; none for what is no code."""
    uscc, org_code = FIELD_LABELS["uscc"], FIELD_LABELS["org_code"]
    kind = classify(code) if code else IdKind.UNKNOWN
    if kind is IdKind.USCC:
        steps: list[_Step] = [
            (uscc, lambda: _active().filter(uscc=code)),
            (f"来源记录中的{uscc}", lambda: _in_records(uscc=code)),
        ]
        inside = org_code_from_uscc(code)
        if inside:
            steps.append((f"{uscc}内嵌的{org_code}", lambda: _active().filter(org_code=inside)))
        return steps
    if kind is IdKind.ORG_CODE:
        return [
            (org_code, lambda: _active().filter(org_code=code)),
            (f"来源记录中的{org_code}", lambda: _in_records(org_code=code)),
        ]
    inside = org_code_from_tax_id(code) if kind is IdKind.TAX_ID else None
    if inside:
        label = f"{FIELD_LABELS['tax_id']}内嵌的{org_code}"
        return [(label, lambda: _active().filter(org_code=inside))]
    return []


def _name_steps(name: str, *, core: bool) -> list[_Step]:
    written = normalise_name(name)
    steps: list[_Step] = [
        (FIELD_LABELS["name"], lambda: _active().filter(name=name)),
        ("规范化名称", lambda: _keyed(NAME, written.name)),
        (FIELD_LABELS["former_name"], lambda: _keyed(FORMER_NAME, written.name)),
    ]
    if core and written.core:
        steps.append((FIELD_LABELS["name_core"], lambda: _same_core(name)))
    return steps


def _same_core(name: str) -> QuerySet[Organization]:
    """Organizations with the name's core name (核心名称) whose region and legal form do not
    contradict it: 昆明摄影家协会 finds 昆明市摄影家协会, not 五华区摄影家协会; 摄影家协会
    finds both; 摄影协会 not 摄影学会."""
    written = normalise_name(name)
    candidates = _keyed(CORE, written.core).order_by().values_list("pk", "name")
    alike = [
        (pk, candidate)
        for pk, candidate in candidates
        if (same_name(name, candidate) if written.suffix else _same_region(written, candidate))
    ]
    if written.region_code:
        # 宜良县曲艺家研究会 written with its county: the one of that county, not one whose
        # name gives no county (曲艺家研究会), when there is one of that county.
        own = [
            (pk, candidate)
            for pk, candidate in alike
            if normalise_name(candidate).region_code == written.region_code
        ]
        alike = own or alike
    return _active().filter(pk__in=[pk for pk, _ in alike])


def _same_region(written: OrgName, candidate: str) -> bool:
    theirs = normalise_name(candidate).region_code
    return not (written.region_code and theirs) or written.region_code == theirs


def organization_records(org_ids: Sequence[str] | None = None) -> Iterator[OrganizationRecord]:
    """The active organizations' golden records as plain values, by org_id (all of them, or
    those of `org_ids`), with the departments that list each and its field visits.

    Read in chunks, three queries a chunk, so memory stays flat over the whole register.
    """
    organizations = _active().order_by("org_id")
    if org_ids is not None:
        organizations = organizations.filter(org_id__in=list(org_ids))
    rows = organizations.values_list("pk", "org_id", "name", "uscc", "category", "level",
                                     "county_code", "status", "fields", "flags")  # fmt: skip
    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _records(chunk)
            chunk = []
    yield from _records(chunk)


def organizations_absorbed() -> dict[str, str]:
    """Absorbed stable id → the id of the active organization it ended in (合并去向)."""
    merged: dict[int, int] = {
        pk: into
        for pk, into in Organization.objects.filter(merged_into__isnull=False).values_list(
            "pk", "merged_into"
        )
        if into is not None
    }
    ids = dict(Organization.objects.values_list("pk", "org_id"))
    absorbed: dict[str, str] = {}
    for pk in merged:
        end, seen = pk, {pk}
        while end in merged and merged[end] not in seen:
            end = merged[end]
            seen.add(end)
        absorbed[ids[pk]] = ids[end]
    return absorbed


def _records(chunk: list[tuple[Any, ...]]) -> Iterator[OrganizationRecord]:
    if not chunk:
        return
    pks = [row[0] for row in chunk]
    departments: dict[int, set[str]] = defaultdict(set)
    for pk, department in (
        SourceRecord.objects.filter(organization_id__in=pks)
        .values_list("organization_id", "batch__department")
        .distinct()
    ):
        departments[pk].add(department)
    visits: dict[int, list[FieldVisit]] = defaultdict(list)
    for pk, verified_on, result, corrections in (
        Verification.objects.filter(organization_id__in=pks)
        .order_by("verified_on", "id")
        .values_list("organization_id", "verified_on", "result", "corrections")
    ):
        visits[pk].append(FieldVisit(verified_on, result, dict(corrections or {})))
    for pk, org_id, name, uscc, category, level, county_code, status, fields, flags in chunk:
        fields = fields or {}
        seen = departments.get(pk) or _provenance_departments(pk)
        yield OrganizationRecord(
            org_id=org_id,
            name=name,
            uscc=uscc,
            category=category,
            level=level,
            registration_authority=_text(fields.get("registration_authority")),
            supervisor=_text(fields.get("supervisor")),
            founder=_text(fields.get("founder")),
            address=_text(fields.get("address")),
            county_code=county_code,
            township=_text(fields.get("township")),
            zone=_text(fields.get("zone")),
            community=_text(fields.get("community")),
            legal_rep=_text(fields.get("legal_rep")),
            phones=_text(fields.get("phones")),
            established_on=_date(fields.get("established_on")),
            status=status,
            status_date=_date(fields.get("status_date")),
            departments=frozenset(seen),
            flags=tuple(flags or ()),
            visits=tuple(visits.get(pk, ())),
        )


def _provenance_departments(pk: int) -> set[str]:
    """The departments a golden record cites: for an organization whose source records
    are gone (or were never stored, as in a register built by hand)."""
    provenance = Organization.objects.values_list("provenance", flat=True).get(pk=pk) or {}
    return {
        entry["department"]
        for entries in provenance.values()
        for entry in entries
        if isinstance(entry, dict) and entry.get("department") not in (None, "", "实地核实")
    }


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
