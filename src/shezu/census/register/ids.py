"""Stable organization ids (稳定编号, ADR 0004): new clusters keep the ids people work with.

Each old organization goes to the new cluster holding most of its records (ties to the
larger cluster, then the older id); a cluster with no old organization gets a new id,
numbered after the highest ever issued; an old id whose records all went elsewhere is
kept as `merged_into` the organization that took most of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Max
from django.utils import timezone

from shezu.census.bulk import rows_update
from shezu.census.models import (
    LinkRun,
    Organization,
    OrganizationEvent,
    SourceRecord,
)
from shezu.census.models.register import EventKind

ORG_ID_PREFIX = "KM"  # 昆明; one register per city, so the prefix only marks the source


def organizations_assign(
    *,
    run: LinkRun,
    cluster_of: dict[int, int],
    previous: dict[int, int | None],
    as_of: dt.date,
) -> dict[int, Organization]:
    """cluster key → organization, and each record's organization written.

    `cluster_of` maps record → cluster key, `previous` record → the organization it
    belonged to before this run (None for a new record); `as_of`, the newest data date of
    the run's records, dates the merges the run makes. A new organization gets no event
    here: its golden record (register.services) dates it by its own records.
    """
    members: dict[int, list[int]] = defaultdict(list)
    for record, cluster in cluster_of.items():
        members[cluster].append(record)
    overlaps: Counter[tuple[int, int]] = Counter()
    for cluster, rs in members.items():
        overlaps.update((cluster, org) for r in rs if (org := previous[r]) is not None)
    chosen: dict[int, int] = {}
    taken: set[int] = set()
    for (cluster, org), _ in sorted(
        overlaps.items(), key=lambda item: (-item[1], -len(members[item[0][0]]), item[0][1])
    ):
        if cluster not in chosen and org not in taken:
            chosen[cluster] = org
            taken.add(org)
    # Only what the run reads back (the previous golden fields and flags): parsing every
    # organization's provenance JSON only to overwrite it was a third of a rerun.
    by_pk = Organization.objects.only("id", "org_id", "fields", "flags").in_bulk(list(taken))
    organizations = {cluster: by_pk[org] for cluster, org in chosen.items()}
    organizations |= _create(run, [c for c in sorted(members) if c not in chosen])
    _retire(run, overlaps, chosen, taken, organizations, as_of)
    _memberships(cluster_of, previous, organizations)
    return organizations


def _create(run: LinkRun, clusters: list[int]) -> dict[int, Organization]:
    last = Organization.objects.aggregate(last=Max("org_id"))["last"]
    number = int(last[len(ORG_ID_PREFIX) :]) if last else 0
    new = [
        Organization(org_id=f"{ORG_ID_PREFIX}{number + i:07d}", first_run=run, last_run=run)
        for i, _ in enumerate(clusters, start=1)
    ]
    Organization.objects.bulk_create(new, batch_size=2000)
    return dict(
        zip(clusters, Organization.objects.filter(first_run=run).order_by("org_id"), strict=True)
    )


def _retire(
    run: LinkRun,
    overlaps: Counter[tuple[int, int]],
    chosen: dict[int, int],
    taken: set[int],
    organizations: dict[int, Organization],
    as_of: dt.date,
) -> None:
    best: dict[int, tuple[int, int]] = {}
    for (cluster, org_pk), count in overlaps.items():
        if org_pk not in taken and count > best.get(org_pk, (0, 0))[0]:
            best[org_pk] = (count, cluster)
    now = timezone.now()
    for absorbed in Organization.objects.filter(pk__in=best):
        survivor = organizations[best[absorbed.pk][1]]
        absorbed.active, absorbed.merged_into, absorbed.last_run = False, survivor, run
        absorbed.save(update_fields=["active", "merged_into", "last_run", "updated_at"])
        OrganizationEvent.objects.create(
            organization=absorbed,
            run=run,
            kind=EventKind.MERGED,
            happened_at=now,
            as_of=as_of,
            before={"org_id": absorbed.org_id},
            after={"merged_into": survivor.org_id},
        )


def _memberships(
    cluster_of: dict[int, int],
    previous: dict[int, int | None],
    organizations: dict[int, Organization],
) -> None:
    rows_update(
        SourceRecord,
        ["organization"],
        [
            [organizations[cluster].pk, record]
            for record, cluster in cluster_of.items()
            if previous[record] != organizations[cluster].pk
        ],
    )
