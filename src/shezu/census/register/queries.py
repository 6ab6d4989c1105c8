"""Reads of the master register: organizations and what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from shezu.census.errors import EmptyRegisterError, RegisterError
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
