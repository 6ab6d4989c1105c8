"""Reads of the affiliation context: bodies, classifications, assignments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shezu.affiliation.classification import ClassificationResult, Facts, Override, classify
from shezu.affiliation.directory import Body, BodyDirectory
from shezu.affiliation.errors import AffiliationError
from shezu.affiliation.models import (
    Assignment,
    Classification,
    ClassificationOverride,
    OrganizationFact,
    ResponsibleBody,
    RuleVersion,
)
from shezu.affiliation.rules import (
    Decision,
    RuleTable,
    Subject,
    decide,
    rules_default,
    rules_load,
    table_for,
)
from shezu.affiliation.subjects import subject_of
from shezu.census.api import (
    OrganizationRecord,
    in_scope,
    organization_get,
    organization_records,
    organizations_absorbed,
)

FACT_ATTRIBUTES = ("founder", "founder_kind", "supervisor", "field")


def bodies_list(kind: str | None = None) -> QuerySet[ResponsibleBody]:
    """The responsible bodies (责任主体) by code, of one `BodyKind` value when given, each
    with its parent."""
    bodies = ResponsibleBody.objects.select_related("parent").order_by("code")
    return bodies.filter(kind=kind) if kind else bodies


def body_directory() -> BodyDirectory:
    """Every body, active or not, as the rule engine looks them up."""
    rows = ResponsibleBody.objects.values_list(
        "code", "name", "kind", "parent__code", "area_code", "units", "active"
    )
    return BodyDirectory(
        Body(
            code=code,
            name=name,
            kind=kind,
            parent_code=parent_code or "",
            area_code=area_code,
            units=tuple(units or ()),
            active=active,
        )
        for code, name, kind, parent_code, area_code, units, active in rows
    )


def facts_current(absorbed: Mapping[str, str] | None = None) -> dict[str, Facts]:
    """org_id → what the counties' workbooks said, the newest non-blank value per attribute.

    Facts recorded under an id since absorbed by another organization count for the
    organization that absorbed it.
    """
    absorbed = organizations_absorbed() if absorbed is None else absorbed
    values: dict[str, dict[str, str]] = defaultdict(dict)
    sources: dict[str, dict[str, str]] = defaultdict(dict)
    rows = OrganizationFact.objects.order_by("-recorded_at", "-id").values_list(
        "org_id", *FACT_ATTRIBUTES, "file_name", "row_number"
    )
    for org_id, *given, file_name, row_number in rows.iterator(chunk_size=2000):
        org_id = absorbed.get(org_id, org_id)
        for attribute, value in zip(FACT_ATTRIBUTES, given, strict=True):
            if value and attribute not in values[org_id]:
                values[org_id][attribute] = value
                sources[org_id][attribute] = f"{file_name}:{row_number}"
    return {org_id: Facts(**given, source=sources[org_id]) for org_id, given in values.items()}


def overrides_current(absorbed: Mapping[str, str] | None = None) -> dict[str, dict[str, Override]]:
    """org_id → attribute → a person's decision (人工更正)."""
    absorbed = organizations_absorbed() if absorbed is None else absorbed
    found: dict[str, dict[str, Override]] = defaultdict(dict)
    for org_id, attribute, value, reason in ClassificationOverride.objects.order_by(
        "updated_at", "id"
    ).values_list("org_id", "attribute", "value", "reason"):
        found[absorbed.get(org_id, org_id)][attribute] = Override(value, reason)
    return dict(found)


def classifications_current(
    org_ids: Sequence[str] | None = None,
) -> Iterator[tuple[OrganizationRecord, ClassificationResult]]:
    """Every active organization (or those of `org_ids`) with its classification as it
    stands now: the register, the counties' facts and people's overrides."""
    absorbed = organizations_absorbed()
    facts = facts_current(absorbed)
    overrides = overrides_current(absorbed)
    for record in organization_records(org_ids):
        yield record, classify(record, facts.get(record.org_id), overrides.get(record.org_id))


# ---------------------------------------------------------------------------
# Rule versions


def rule_tables() -> list[RuleTable]:
    """The shipped default and every adopted version."""
    tables = [rules_default()]
    for version in RuleVersion.objects.filter(adopted_at__isnull=False):
        tables.append(rules_load(version.text, source=version.version))
    return tables


# ---------------------------------------------------------------------------
# Assignments


def assignments_on(on: dt.date) -> QuerySet[Assignment]:
    """The stretches in force on `on`: begun on or before it, not ended by it."""
    return Assignment.objects.filter(valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def responsible_on(org_id: str, on: dt.date) -> Assignment | None:
    """Who was responsible for the organization on `on` (its stretch then, or None).

    The id as given first — an organization absorbed since keeps its own history — then
    the organization that absorbed it.
    """
    code = org_id.strip().upper()
    found = assignments_on(on).select_related("body").filter(org_id=code).first()
    if found is None:
        survivor = organization_get(org_id).org_id
        found = assignments_on(on).select_related("body").filter(org_id=survivor).first()
    return found


def assignment_history(org_id: str) -> list[Assignment]:
    """Every stretch of the organization, oldest first."""
    return list(Assignment.objects.filter(org_id=org_id).select_related("body", "run"))


def export_rows(on: dt.date) -> Iterator[tuple[OrganizationRecord, bool, Assignment | None]]:
    """Every active organization of the register with whether it is in scope on `on` and
    the stretch in force then (None before its first assignment), by org_id."""
    held = {a.org_id: a for a in assignments_on(on).select_related("body")}
    for record in organization_records():
        scope, _ = in_scope(record, on)
        yield record, scope, held.get(record.org_id)


def unassigned_count() -> int:
    """Active organizations of the register with no open assignment: the register changed
    since the last run."""
    assigned = set(
        Assignment.objects.filter(valid_to__isnull=True).values_list("org_id", flat=True)
    )
    return sum(1 for record in organization_records() if record.org_id not in assigned)


def body_find(text: str) -> ResponsibleBody:
    """A body by its code or its exact name; AffiliationError naming what was typed."""
    text = text.strip()
    found = ResponsibleBody.objects.filter(code=text).first()
    if found is None:
        named = list(ResponsibleBody.objects.filter(name=text)[:2])
        found = named[0] if len(named) == 1 else None
    if found is None:
        raise AffiliationError(f"没有编号或名称为「{text}」的责任主体 (no such body)")
    return found


def body_descendants(body: ResponsibleBody) -> list[ResponsibleBody]:
    """The body and every body below it, parents before children."""
    children: dict[int | None, list[ResponsibleBody]] = defaultdict(list)
    for each in ResponsibleBody.objects.all():
        children[each.parent_id].append(each)
    found, queue = [], [body]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(children.get(current.pk, []))
    return found


def ledger_rows(
    bodies: Sequence[ResponsibleBody],
) -> list[tuple[OrganizationRecord, Assignment, Classification | None]]:
    """The organizations the bodies are responsible for now, by body then org_id, each
    with its open stretch and stored classification."""
    open_now = {
        a.org_id: a
        for a in Assignment.objects.filter(valid_to__isnull=True, body__in=bodies).select_related(
            "body"
        )
    }
    stored = {c.org_id: c for c in Classification.objects.filter(org_id__in=list(open_now))}
    rows = [
        (record, open_now[record.org_id], stored.get(record.org_id))
        for record in organization_records(sorted(open_now))
    ]
    order = {body.pk: index for index, body in enumerate(bodies)}
    rows.sort(key=lambda row: (order[row[1].body_id], row[0].org_id))
    return rows


@dataclass(frozen=True)
class Explanation:
    """Everything `shezu assign explain` says about one organization on a date."""

    record: OrganizationRecord
    classification: ClassificationResult
    on: dt.date
    in_scope: bool
    scope_reason: str
    table: RuleTable
    decision: Decision
    subject: Subject
    history: list[Assignment]


def explanation(org_id: str, on: dt.date) -> Explanation:
    """Why the rules in effect on `on` give the organization the body they give: its facts,
    every rule tried and the one that decided, and its stretches so far."""
    organization = organization_get(org_id)
    found = list(classifications_current([organization.org_id]))
    if not found:
        raise AffiliationError(f"{organization.org_id} 已不在台账中（no active organization）")
    record, result = found[0]
    scope, why = in_scope(record, on)
    table = table_for(rule_tables(), on)
    subject = subject_of(record, result, on)
    decision = decide(table, subject, body_directory())
    return Explanation(
        record, result, on, scope, why, table, decision, subject, assignment_history(record.org_id)
    )
