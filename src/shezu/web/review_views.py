"""Clerical review (人工审核) pages: the pending pairs a user may see, one pair side by side,
and a reviewer's verdict (相同 / 不同), stored for the next `shezu census link` run — or
"decide and relink" (判定并重新关联): the verdict, then a background relink (web/jobs.py)
queued, or the one already queued or running joined, and its progress page shown.

An item is visible when either of its two records belongs to an organization the user sees
(jurisdiction.py); an item outside is a 404 on GET and POST alike. Inspectors see but do
not decide (403), nor do township users relink (403, as on the import page); the
administrators (三员) see no business data (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from shezu.accounts.api import AuditAction, account_of, audit_record
from shezu.census.api import CITY_CODE
from shezu.census.labels import field_label
from shezu.census.models import ReviewItem
from shezu.census.models.register import ReviewStatus
from shezu.census.review.queries import review_get
from shezu.census.review.reporting import NEXT_RUN, review_show_json
from shezu.census.review.services import review_decide
from shezu.web.jobs import may_import, relink_job_enqueue
from shezu.web.jurisdiction import organizations_for_user

PAGE_SIZE = 50
ORDER = ("-probability", "id")
# Button value → what review_decide is told; "skip" decides nothing.
DECISIONS = {"match": "相同", "distinct": "不同"}
SKIP = "skip"
# A decision button's value with this suffix also queues a relink (判定并重新关联).
THEN_RELINK = "_relink"


def review_items_for_user(user: Any) -> QuerySet[ReviewItem]:
    """The review items the user may see: either record belongs to a visible organization."""
    account = account_of(user)
    items = ReviewItem.objects.all()
    if account is None or not account.sees_business_data:
        return items.none()
    if account.area_code == CITY_CODE:
        return items
    visible = organizations_for_user(user).values("pk")
    return items.filter(
        Q(record_a__organization__in=visible) | Q(record_b__organization__in=visible)
    )


def _review_item_for_user(user: Any, item_id: int) -> ReviewItem:
    if not review_items_for_user(user).filter(pk=item_id).exists():
        raise Http404("没有这个审核项，或不在您的辖区内")
    return review_get(item_id=item_id)


def _business_account(request: HttpRequest) -> Any:
    account = account_of(request.user)
    if account is None or not account.sees_business_data:
        raise Http404("没有这个页面")
    return account


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The pending pairs the user may see, most probable first, 50 a page; counts by status."""
    _business_account(request)
    visible = review_items_for_user(request.user)
    counts = dict.fromkeys(ReviewStatus.values, 0)
    for row in visible.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    pending = (
        visible.filter(status=ReviewStatus.PENDING)
        .select_related("record_a__batch", "record_b__batch")
        .order_by(*ORDER)
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/review_list.html",
        {
            "page": page,
            "rows": [(item, f"{item.probability * 100:.1f}%") for item in page],
            "counts": [(ReviewStatus(s).label, counts[s]) for s in ReviewStatus.values],
            "total": sum(counts.values()),
        },
    )


def _evidence_text(name: str, level: str, weight: float | None) -> str:
    """One field's comparison in plain words: what was found, and which way it points."""
    label = field_label(name)
    found = level or "无比较结果"
    if weight is None:
        return f"{label}：{found}"
    if weight > 0.5:
        direction = "支持是同一组织"
    elif weight < -0.5:
        direction = "支持是不同组织"
    else:
        direction = "几乎不影响判断"
    return f"{label}：{found}，{direction}（权重 {weight:+.2f}）"


def _next_pending(user: Any, after: ReviewItem) -> HttpResponse:
    """The next pending item the user sees after `after` (in list order), else the list."""
    pending = (
        review_items_for_user(user)
        .filter(status=ReviewStatus.PENDING)
        .exclude(pk=after.pk)
        .order_by(*ORDER)
    )
    later = pending.filter(
        Q(probability__lt=after.probability) | Q(probability=after.probability, pk__gt=after.pk)
    ).first()
    found = later or pending.first()
    if found is None:
        return redirect("web:review_list")
    return redirect("web:review_item", item_id=found.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """One pair side by side with the evidence; a reviewer's 相同 / 不同 / 跳过."""
    account = _business_account(request)
    item = _review_item_for_user(request.user, item_id)
    if request.method == "POST":
        if not account.writes:
            raise PermissionDenied("检查人员只能查看，不能审核")
        action = request.POST.get("decision", "")
        relink = action.endswith(THEN_RELINK)
        if relink:
            action = action.removesuffix(THEN_RELINK)
            if not may_import(account):
                raise PermissionDenied("只有市级和县级工作人员可以重新关联")
        if action == SKIP:
            return _next_pending(request.user, item)
        if action not in DECISIONS:
            messages.error(request, "请选择 相同、不同 或 跳过")
            return redirect("web:review_item", item_id=item.pk)
        previous = item.status
        note = request.POST.get("note", "").strip()
        decided = review_decide(
            item_id=item.pk, decision=DECISIONS[action], note=note, user=account.username
        )
        audit_record(
            request,
            AuditAction.CHANGE,
            object_type="review_item",
            object_id=str(item.pk),
            detail={"decision": decided.status, "previous": previous, "note": note},
        )
        label = ReviewStatus(decided.status).label
        if relink:
            job, created = relink_job_enqueue(user=request.user, area_code=account.area_code)
            if created:
                audit_record(
                    request, AuditAction.CHANGE, object_type="relink_job", object_id=str(job.pk)
                )
            joined = "已启动" if created else "已加入排队或进行中的"
            messages.success(
                request, f"审核项 #{item.pk} 已判定为「{label}」；{joined}重新关联任务 #{job.pk}"
            )
            return redirect("web:job", job_id=job.pk)
        messages.success(
            request,
            f"审核项 #{item.pk} 已判定为「{label}」；将在下次运行 shezu census link 时生效",
        )
        return _next_pending(request.user, decided)
    shown = review_show_json(item)
    # The two records show legal representatives and phones: a view of personal data.
    audit_record(
        request, AuditAction.VIEW_PERSONAL, object_type="review_item", object_id=str(item.pk)
    )
    return render(
        request,
        "web/review_item.html",
        {
            "item": item,
            "status_label": ReviewStatus(item.status).label,
            "percent": f"{item.probability * 100:.1f}%",
            "sides": shown["sides"],
            "evidence": [
                _evidence_text(e["field"], e["level"], e["weight"]) for e in shown["evidence"]
            ],
            "can_decide": account.writes,
            "can_relink": may_import(account),
            "next_run": NEXT_RUN,
        },
    )
