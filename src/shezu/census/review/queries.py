"""Reads of the review queue: items, counts and the two records side by side."""

import datetime as dt

from django.db.models import Count, QuerySet

from shezu.census.errors import ReviewError
from shezu.census.labels import FIELD_LABELS
from shezu.census.models import ReviewItem, SourceRecord
from shezu.census.models.register import ReviewStatus
from shezu.census.normalise.divisions import county_by_code

ALL = "all"


NO_ORGANIZATION = "—"


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
            raise ReviewError(f"显示条数应为正整数，而不是 {limit} (limit must be positive)")
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
    FIELD_LABELS["department"],
    "文件:行",
    FIELD_LABELS["as_of"],
    *(
        FIELD_LABELS[name]
        for name in (
            "name",
            "former_name",
            "name_core",
            "uscc",
            "org_code",
            "tax_id",
            "license_no",
            "category",
            "registration_authority",
            "address",
            "county",
            "township",
            "phones",
            "legal_rep",
            "established_on",
            "status",
        )
    ),
    "当前" + FIELD_LABELS["org_id"],
)


def review_sides(item: ReviewItem) -> list[tuple[str, str, str]]:
    """(label, value of record A, value of record B) for each field a reviewer compares.

    Values are as the departments wrote them ("" when not given); an identifier whose check
    character fails is marked, never corrected.
    """
    return list(zip(SIDE_LABELS, _side(item.record_a), _side(item.record_b), strict=True))
