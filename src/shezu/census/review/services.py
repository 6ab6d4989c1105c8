"""Clerical review (人工审核): a reviewer's decision on a pair the engine could not decide.

A link run writes a `ReviewItem` for each pair of source records it could not decide.
A reviewer looks at the two records side by side and records 相同 (同一组织, "match") or
不同 (不同组织, "distinct"); only the decision is stored here. The next `census link` run reads
it: a match becomes a forced link, distinct a cannot-link.
"""

from collections.abc import Mapping
from typing import Final

from django.db import transaction
from django.utils import timezone

from shezu.census.errors import ReviewError
from shezu.census.models import ReviewItem
from shezu.census.models.register import ReviewStatus
from shezu.census.review.queries import review_get

# What a reviewer may type for each verdict → the status stored: the short Chinese word, the
# status's label and its code. Nothing looser (同一, 是), so a decision reads one way only.
DECISIONS: Final[Mapping[str, str]] = {
    "相同": ReviewStatus.MATCH,
    ReviewStatus.MATCH.label: ReviewStatus.MATCH,  # 同一组织
    ReviewStatus.MATCH.value: ReviewStatus.MATCH,  # match
    "不同": ReviewStatus.DISTINCT,
    ReviewStatus.DISTINCT.label: ReviewStatus.DISTINCT,  # 不同组织
    ReviewStatus.DISTINCT.value: ReviewStatus.DISTINCT,  # distinct
}
_DECIDED_BY_MAX = ReviewItem._meta.get_field("decided_by").max_length or 150


def review_decide(*, item_id: int, decision: str, note: str = "", user: str = "") -> ReviewItem:
    """Record a reviewer's verdict on one review item: 相同 / 同一组织 / match, or
    不同 / 不同组织 / distinct (`DECISIONS`).

    Deciding an item again overwrites the earlier decision, its note and its reviewer. Only
    the decision is stored; the next link run applies it (match → forced link, distinct →
    cannot-link).
    """
    status = DECISIONS.get(decision.strip())
    if status is None:
        raise ReviewError(
            f"判定应为 相同（同一组织、match）或 不同（不同组织、distinct），而不是「{decision}」 "
            "(decision must be match or distinct)"
        )
    if len(user) > _DECIDED_BY_MAX:
        raise ReviewError(f"审核人名称超过 {_DECIDED_BY_MAX} 个字符 (reviewer name too long)")
    with transaction.atomic():
        item = ReviewItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise ReviewError(f"没有编号为 {item_id} 的审核项 (no review item #{item_id})")
        item.status = status
        item.note = note
        item.decided_by = user
        item.decided_at = timezone.now()
        item.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    return review_get(item_id=item_id)
