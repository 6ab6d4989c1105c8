"""Reads of classification and responsibility."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from shezu.affiliation.classification import ClassificationResult, Facts, Override, classify
from shezu.affiliation.models import ClassificationOverride, OrganizationFact
from shezu.census.api import OrganizationRecord, organization_records, organizations_absorbed

FACT_ATTRIBUTES = ("founder", "founder_kind", "supervisor", "field")


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
