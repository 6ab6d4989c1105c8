"""The master register (资料库): one link run turns all source records into organizations.

`register_link` reads every source record and every reviewer decision, runs the
Django-free engine (`census.linkage`), and writes in one transaction: organizations with
stable ids, each record's organization, the links that explain them, golden records and
the name keys to find them by, review items and change events. A crash leaves the
register as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from shezu.census.bulk import rows_insert, rows_update
from shezu.census.errors import RegisterError
from shezu.census.labels import STATUS_ENDED
from shezu.census.linkage.types import INPUT_COLUMNS, Decision, LinkResult, LinkSettings
from shezu.census.models import (
    ImportBatch,
    LinkRun,
    Organization,
    OrganizationEvent,
    OrganizationNameKey,
    RecordLink,
    ReviewItem,
    SourceRecord,
    Verification,
)
from shezu.census.models.register import EventKind, ReviewStatus
from shezu.census.normalise.divisions import place_code
from shezu.census.register.golden import (
    SOURCE_FIELDS,
    FieldFinding,
    Golden,
    SourceView,
    golden_record,
    same_name,
)
from shezu.census.register.ids import organizations_assign
from shezu.census.register.keys import name_keys

WEAK_LINK = 0.999  # a model link below this sends the organization to field verification
_BATCH_FIELDS = ("id", "batch_id", "batch__department", "batch__file_name", "batch__as_of")
# What the engine compares and what the golden record chooses from, read once.
_RECORD_FIELDS = (
    *_BATCH_FIELDS,
    "row_number",
    *dict.fromkeys(
        [
            *(c for c in INPUT_COLUMNS if c not in {"record_id", "batch", "department"}),
            *SOURCE_FIELDS,
        ]
    ),
)


@dataclass
class _Record:
    view: SourceView
    previous_org: int | None


def register_link(
    *, settings: LinkSettings | None = None, progress: Callable[[str], None] | None = None
) -> LinkRun:
    settings = settings or LinkSettings()
    started = time.perf_counter()
    if progress:
        progress("reading")
    records = dict(_records())
    if not records:
        raise RegisterError("还没有导入任何来源记录 (no source records: run census import first)")
    from shezu.census.linkage import link  # Splink, DuckDB and pyarrow: only when linking

    rows = (_engine_row(r.view) for r in records.values())
    result = link(rows, settings, _decisions(), progress)
    if progress:
        progress("writing")
    with transaction.atomic():
        run = LinkRun.objects.create(
            engine=settings.engine,
            settings=_settings_json(settings),
            model=result.model,
            records=len(records),
        )
        previous = {record: r.previous_org for record, r in records.items()}
        organizations = organizations_assign(
            run=run,
            cluster_of=result.cluster_of,
            previous=previous,
            as_of=max(r.view.as_of for r in records.values()),
        )
        _write_links(run, result)
        _write_review(run, result)
        summary = _golden_all(run, result, records, organizations)
        run.organizations = len(organizations)
        new = Organization.objects.filter(first_run=run).count()
        run.summary = result.counts | summary | {"new": new}
        run.summary["stage_seconds"] = result.stage_seconds
        run.seconds = round(time.perf_counter() - started, 1)
        run.save()
    return run


def organization_name_keys_write(*, organizations: Iterable[Organization]) -> None:
    """Replace these organizations' name keys (名称检索键) with those of their golden names.

    Called wherever a golden name or former name changes: the link run, a field team's
    corrected name. An organization whose names did not change keeps its keys.
    """
    pks: list[int] = []
    rows: list[list[Any]] = []
    for org in organizations:
        pks.append(org.pk)
        former = org.fields.get("former_names") or []
        for kind, key in sorted(name_keys(org.name, former)):
            rows.append([org.pk, kind, key])
    for start in range(0, len(pks), 500):
        OrganizationNameKey.objects.filter(organization_id__in=pks[start : start + 500]).delete()
    for start in range(0, len(rows), 5000):
        rows_insert(
            OrganizationNameKey, ["organization", "kind", "key"], rows[start : start + 5000]
        )


# ---------------------------------------------------------------- reading


def _records() -> Iterator[tuple[int, _Record]]:
    rows = SourceRecord.objects.values_list(*_RECORD_FIELDS, "organization_id")
    for row in rows.order_by("id").iterator(chunk_size=5000):
        values = dict(zip(_RECORD_FIELDS, row, strict=False))
        view = SourceView(
            record_id=values["id"],
            department=values["batch__department"],
            file=values["batch__file_name"],
            row=values["row_number"],
            as_of=values["batch__as_of"],
            values=values,
        )
        yield values["id"], _Record(view, row[-1])


def _engine_row(view: SourceView) -> dict[str, Any]:
    values = dict(view.values)
    values["record_id"] = view.record_id
    values["department"] = view.department
    values["batch"] = values["batch_id"]
    return values


def _decisions() -> list[Decision]:
    decided = ReviewItem.objects.exclude(status=ReviewStatus.PENDING)
    return [
        Decision(a, b, status == ReviewStatus.MATCH)
        for a, b, status in decided.values_list("record_a_id", "record_b_id", "status")
    ]


def _settings_json(settings: LinkSettings) -> dict[str, Any]:
    return {
        "engine": settings.engine,
        "match_probability": settings.match_probability,
        "review_probability": settings.review_probability,
        "same_file_probability": settings.same_file_probability,
        "max_training_pairs": settings.max_training_pairs,
    }


# ---------------------------------------------------------------- links and review


def _explained(evidence: dict[str, Any], labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The engine's (level, weight) per comparison, with each level's label for people."""
    if "fields" not in evidence:
        return evidence
    fields = {
        name: {"level": labels.get(name, {}).get(str(gamma), str(gamma)), "weight": weight}
        for name, (gamma, weight) in evidence["fields"].items()
    }
    return {**evidence, "fields": fields}


def _write_links(run: LinkRun, result: LinkResult) -> None:
    labels = result.model.get("levels", {})
    RecordLink.objects.exclude(run=run).delete()  # the latest run explains the register
    columns = ["run", "record_a", "record_b", "kind", "probability", "evidence"]
    rows: list[list[Any]] = []
    for edge in result.links:
        evidence = _json(_explained(edge.evidence, labels))
        rows.append([run.pk, edge.record_a, edge.record_b, edge.kind, edge.probability, evidence])
    for start in range(0, len(rows), 5000):
        rows_insert(RecordLink, columns, rows[start : start + 5000])


def _write_review(run: LinkRun, result: LinkResult) -> None:
    pending = ReviewItem.objects.filter(status=ReviewStatus.PENDING)
    current = {(c.record_a, c.record_b): c for c in result.review}
    stale = [
        pk
        for pk, a, b in pending.values_list("pk", "record_a_id", "record_b_id")
        if (a, b) not in current
    ]  # settled by new data: the pair is no longer in doubt
    for start in range(0, len(stale), 500):
        ReviewItem.objects.filter(pk__in=stale[start : start + 500]).delete()
    existing = set(ReviewItem.objects.values_list("record_a_id", "record_b_id"))
    ReviewItem.objects.bulk_create(
        [
            ReviewItem(
                record_a_id=c.record_a,
                record_b_id=c.record_b,
                probability=c.probability,
                reason=c.reason,
                evidence=_explained(c.evidence, result.model.get("levels", {})),
                last_run=run,
            )
            for pair, c in current.items()
            if pair not in existing
        ]
    )
    ReviewItem.objects.filter(status=ReviewStatus.PENDING).update(last_run=run)


# ---------------------------------------------------------------- golden records


def _golden_all(
    run: LinkRun,
    result: LinkResult,
    records: dict[int, _Record],
    organizations: dict[int, Organization],
) -> dict[str, int]:
    views: dict[int, list[SourceView]] = defaultdict(list)
    for record, cluster in result.cluster_of.items():
        views[cluster].append(records[record].view)
    weak = _weak_clusters(result)
    findings = _findings()
    vanished = _vanished(records, result)  # cluster → the date of the list that left it out
    changed: list[Organization] = []
    renamed: list[Organization] = []
    events: list[OrganizationEvent] = []
    conflicts = 0
    for cluster, org in organizations.items():
        golden = golden_record(views[cluster], findings.get(org.pk, ()))
        if cluster in weak:
            golden.flags = sorted({*golden.flags, "weak_link"})
        if cluster in vanished:
            golden.flags = sorted({*golden.flags, "vanished"})
        events += _events(run, org, golden, views[cluster], vanished.get(cluster))
        if _names(org.fields) != _names(golden.fields):
            renamed.append(org)
        _apply(org, golden, run)
        conflicts += bool(golden.conflicts)
        changed.append(org)
    now = timezone.now()
    rows_update(
        Organization,
        _GOLDEN_COLUMNS,
        [[*_golden_row(org, now), org.pk] for org in changed],
    )
    organization_name_keys_write(organizations=renamed)
    OrganizationEvent.objects.bulk_create(events, batch_size=2000)
    return {"conflicts": conflicts, "flagged": sum(bool(o.flags) for o in changed)}


def _names(fields: dict[str, Any]) -> tuple[str, list[str]]:
    return fields.get("name") or "", list(fields.get("former_names") or [])


def _weak_clusters(result: LinkResult) -> set[int]:
    return {
        result.cluster_of[link.record_a]
        for link in result.links
        if link.kind == "model" and (link.probability or 0) < WEAK_LINK
    }


def _findings() -> dict[int, list[FieldFinding]]:
    found: dict[int, list[FieldFinding]] = defaultdict(list)
    for v in Verification.objects.order_by("verified_on", "id"):
        found[v.organization_id].append(
            FieldFinding(v.verified_on, v.result, v.corrections, v.file_name, v.row_number)
        )
    return found


def _vanished(records: dict[int, _Record], result: LinkResult) -> dict[int, dt.date]:
    """Clusters an earlier file listed but the same department's newest file does not (消失),
    each with the date of the first such newest file, when it was first seen missing.

    Only departments that sent more than one file can tell: a single file lists everyone
    it knows.
    """
    batches: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    for department, batch, as_of in ImportBatch.objects.order_by("as_of", "id").values_list(
        "department", "id", "as_of"
    ):
        batches[department].append((batch, as_of))
    newest = {department: ids[-1] for department, ids in batches.items() if len(ids) > 1}
    listed: dict[int, set[str]] = defaultdict(set)
    in_newest: dict[int, set[str]] = defaultdict(set)
    for record, cluster in result.cluster_of.items():
        view = records[record].view
        if view.department in newest:
            listed[cluster].add(view.department)
            if view.values["batch_id"] == newest[view.department][0]:
                in_newest[cluster].add(view.department)
    return {
        cluster: min(newest[department][1] for department in dropped)
        for cluster, departments in listed.items()
        if (dropped := departments - in_newest[cluster])
    }


def _events(
    run: LinkRun,
    org: Organization,
    golden: Golden,
    sources: list[SourceView],
    vanished_on: dt.date | None,
) -> list[OrganizationEvent]:
    """What this run changed about the organization, each dated by the data that showed it.

    New: the earliest list that has it. Renamed, moved: the list that gave the new value
    (the golden record's provenance). Deregistered: the status date, else the list that
    said so. Vanished: the newest list that left it out. Whatever cannot be dated so gets
    the date of its newest list.
    """
    now = timezone.now()
    newest = max(view.as_of for view in sources)

    def event(
        kind: str, as_of: dt.date | None, before: dict[str, Any], after: dict[str, Any]
    ) -> OrganizationEvent:
        return OrganizationEvent(
            organization=org,
            run=run,
            kind=kind,
            happened_at=now,
            as_of=as_of or newest,
            before=before,
            after=after,
        )

    if not org.fields:  # no golden record yet: new in this run
        return [event(EventKind.NEW, min(view.as_of for view in sources), {}, {})]
    before, after = org.fields, golden.fields
    found = []
    if not same_name(after.get("name") or "", before.get("name")):
        found.append(
            event(
                EventKind.RENAMED,
                _given_on(golden, "name"),
                {"name": before.get("name")},
                {"name": after.get("name")},
            )
        )
    place = ("county_code", "township")
    moved = [k for k in place if before.get(k) and after.get(k) and before[k] != after[k]]
    if moved:
        found.append(
            event(
                EventKind.MOVED,
                _given_on(golden, *moved),
                {k: before.get(k) for k in (*place, "address")},
                {k: after.get(k) for k in (*place, "address")},
            )
        )
    if after.get("status") in STATUS_ENDED and before.get("status") not in STATUS_ENDED:
        found.append(
            event(
                EventKind.DEREGISTERED,
                _day(after.get("status_date")) or _given_on(golden, "status"),
                {"status": before.get("status")},
                {"status": after.get("status"), "status_date": after.get("status_date")},
            )
        )
    if "vanished" in golden.flags and "vanished" not in org.flags:
        found.append(event(EventKind.VANISHED, vanished_on, {}, {}))
    return found


def _given_on(golden: Golden, *fields: str) -> dt.date | None:
    """The data date of the source that gave the value chosen for the first of `fields`."""
    for name in fields:
        chosen = golden.provenance.get(name) or []
        if chosen:
            return _day(chosen[0]["as_of"])
    return None


def _day(value: Any) -> dt.date | None:
    """A golden record's date (an ISO string in JSON) as a date; None for none."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


_GOLDEN_COLUMNS = (
    "name", "uscc", "org_code", "category", "level", "county_code", "township_code", "status",
    "fields", "provenance", "conflicts", "missing", "flags", "active", "merged_into",
    "last_run", "updated_at",
)  # fmt: skip


def _apply(org: Organization, golden: Golden, run: LinkRun) -> None:
    fields = golden.fields
    org.name = fields.get("name") or ""
    org.uscc = fields.get("uscc") or ""
    org.org_code = fields.get("org_code") or ""
    org.category = fields.get("category") or ""
    org.level = fields.get("level") or ""
    org.county_code = fields.get("county_code") or ""
    org.township_code = place_code(
        org.county_code, fields.get("township") or "", fields.get("zone") or ""
    )
    org.status = fields.get("status") or ""
    org.fields = fields
    org.provenance = golden.provenance
    org.conflicts = golden.conflicts
    org.missing = golden.missing
    org.flags = golden.flags
    org.active, org.merged_into = True, None  # an absorbed id can come back after a split
    org.last_run = run


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def _golden_row(org: Organization, now: dt.datetime) -> list[Any]:
    text = _json
    return [
        org.name, org.uscc, org.org_code, org.category, org.level, org.county_code,
        org.township_code, org.status, text(org.fields), text(org.provenance),
        text(org.conflicts), text(org.missing),
        text(org.flags), True, None, org.last_run_id, now,
    ]  # fmt: skip
