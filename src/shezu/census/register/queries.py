"""Reads of the master register: organizations and what changed."""

import datetime as dt

from django.utils import timezone

from shezu.census.models import OrganizationEvent
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
