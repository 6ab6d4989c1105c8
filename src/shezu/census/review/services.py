"""Clerical review (人工审核) of uncertain pairs, and the register's changes (变动).

A link run writes a `ReviewItem` for each pair of source records it could not decide.
A reviewer looks at the two records side by side and records "match" (同一组织) or
"distinct" (不同组织); only the decision is stored here. The next `census link` run reads
it: a match becomes a forced link, distinct a cannot-link.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from shezu.census.models import OrganizationEvent, ReviewItem, SourceRecord
from shezu.census.models.register import EventKind, ReviewStatus
from shezu.census.normalise.divisions import county_by_code

__all__ = [
    "CHANGE_ORDER",
    "DECISIONS",
    "ReviewError",
    "changes_since",
    "review_counts",
    "review_decide",
    "review_get",
    "review_list",
    "review_sides",
]

# Only the two verdicts; Chinese synonyms (同一/不同) are deliberately not accepted, so a
# decision in a script or shell history always reads the same.
DECISIONS = (ReviewStatus.MATCH.value, ReviewStatus.DISTINCT.value)
ALL = "all"
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
NO_ORGANIZATION = "—"
_DECIDED_BY_MAX = ReviewItem._meta.get_field("decided_by").max_length or 150


class ReviewError(Exception):
    """A review request that cannot be carried out; the message says why, in both languages."""


def review_list(*, status: str = "pending", limit: int | None = None) -> QuerySet[ReviewItem]:
    """Review items with `status` (or every item for ``"all"``), most probable match first."""
    items = ReviewItem.objects.select_related("record_a__batch", "record_b__batch").order_by(
        "-probability", "id"
    )
    if status != ALL:
        if status not in ReviewStatus.values:
            choices = " | ".join([*ReviewStatus.values, ALL])
            raise ReviewError(f"未知的审核状态「{status}」，应为 {choices} (unknown status)")
        items = items.filter(status=status)
    if limit is not None:
        if limit < 1:
            raise ReviewError(f"--limit 应为正整数，而不是 {limit} (limit must be positive)")
        items = items[:limit]
    return items


def review_counts() -> dict[str, int]:
    """How many items have each status (every status present, zero included)."""
    counts = dict.fromkeys(ReviewStatus.values, 0)
    for row in ReviewItem.objects.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def review_get(*, item_id: int) -> ReviewItem:
    """One review item with both records, their batches and their current organizations."""
    try:
        return ReviewItem.objects.select_related(
            "record_a__batch",
            "record_b__batch",
            "record_a__organization",
            "record_b__organization",
        ).get(pk=item_id)
    except ReviewItem.DoesNotExist:
        raise ReviewError(f"没有编号为 {item_id} 的审核项 (no review item #{item_id})") from None


def _code(value: str, valid: bool | None) -> str:
    return f"{value}（校验不通过）" if value and valid is False else value


def _county(code: str) -> str:
    county = county_by_code(code) if code else None
    return f"{code} {county.name}" if county else code


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _status(record: SourceRecord) -> str:
    if record.status and record.status_date:
        return f"{record.status}（{record.status_date.isoformat()}）"
    return record.status


def _side(record: SourceRecord) -> list[str]:
    batch = record.batch
    organization = record.organization
    return [
        batch.department,
        f"{batch.file_name}:{record.row_number}",
        batch.as_of.isoformat(),
        record.name,
        record.former_name,
        record.name_core,
        _code(record.uscc, record.uscc_valid),
        _code(record.org_code, record.org_code_valid),
        _code(record.tax_id, record.tax_id_valid),
        record.license_no,
        record.category,
        record.registration_authority,
        record.address,
        _county(record.county_code),
        record.township,
        record.phones,
        record.legal_rep,
        _date(record.established_on),
        _status(record),
        organization.org_id if organization else NO_ORGANIZATION,
    ]


SIDE_LABELS = (
    "部门",
    "文件:行",
    "数据日期",
    "名称",
    "曾用名",
    "核心名称",
    "统一社会信用代码",
    "组织机构代码",
    "税务登记号",
    "执业许可证号",
    "类型",
    "登记管理机关",
    "地址",
    "区县",
    "乡镇街道",
    "电话",
    "法定代表人",
    "成立日期",
    "状态",
    "当前组织编号",
)


def review_sides(item: ReviewItem) -> list[tuple[str, str, str]]:
    """(label, value of record A, value of record B) for each field a reviewer compares.

    Values are as the departments wrote them ("" when not given); an identifier whose check
    character fails is marked, never corrected.
    """
    return list(zip(SIDE_LABELS, _side(item.record_a), _side(item.record_b), strict=True))


def review_decide(*, item_id: int, decision: str, note: str = "", user: str = "") -> ReviewItem:
    """Record a reviewer's verdict, "match" or "distinct", on one review item.

    Deciding an item again overwrites the earlier decision, its note and its reviewer. Only
    the decision is stored; the next link run applies it (match → forced link, distinct →
    cannot-link).
    """
    if decision not in DECISIONS:
        raise ReviewError(
            f"判定应为 match（同一组织）或 distinct（不同组织），而不是「{decision}」 "
            "(decision must be match or distinct)"
        )
    if len(user) > _DECIDED_BY_MAX:
        raise ReviewError(f"审核人名称超过 {_DECIDED_BY_MAX} 个字符 (reviewer name too long)")
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise ReviewError(f"没有编号为 {item_id} 的审核项 (no review item #{item_id})")
        item.status = decision
        item.note = note
        item.decided_by = user
        item.decided_at = timezone.now()
        item.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    return review_get(item_id=item_id)


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
