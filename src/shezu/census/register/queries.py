"""Reads of the master register: organizations and what changed."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from shezu.census.errors import RegisterError
from shezu.census.labels import FIELD_LABELS
from shezu.census.models import (
    Organization,
    OrganizationEvent,
    OrganizationNameKey,
    SourceRecord,
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


def changes_since(*, since: dt.date) -> dict[str, list[OrganizationEvent]]:
    """Register events that happened on or after `since`, by kind, in `CHANGE_ORDER`.

    `since` is a local date (settings.TIME_ZONE): events from its local midnight on count.
    Every kind is a key, with an empty list when nothing of that kind happened.
    """
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    events = (
        OrganizationEvent.objects.filter(happened_at__gte=start, kind__in=CHANGE_ORDER)
        .select_related("organization")
        .order_by("happened_at", "id")
    )
    groups: dict[str, list[OrganizationEvent]] = {kind.value: [] for kind in CHANGE_ORDER}
    for event in events:
        groups[event.kind].append(event)
    return groups


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


def organization_get(*, org_id: str) -> Organization:
    """The organization with this stable id, following an absorbed id to its survivor."""
    code = _org_id(clean_code(org_id))
    organization = Organization.objects.filter(org_id=code).first() if code else None
    if organization is None:
        raise RegisterError(f"没有编号为 {org_id.strip()} 的社会组织 (no such organization)")
    return _survivor(organization)


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


def _survivor(organization: Organization) -> Organization:
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
    found = _survivor(asked)
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
        pk
        for pk, candidate in candidates
        if (same_name(name, candidate) if written.suffix else _same_region(written, candidate))
    ]
    return _active().filter(pk__in=alike)


def _same_region(written: OrgName, candidate: str) -> bool:
    theirs = normalise_name(candidate).region_code
    return not (written.region_code and theirs) or written.region_code == theirs
