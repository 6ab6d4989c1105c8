"""Reads of the master register: organizations and what changed."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from shezu.census.models import Organization, OrganizationEvent
from shezu.census.models.register import EventKind

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
