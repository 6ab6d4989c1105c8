"""Who answers for an organization and why (责任归属说明), a person's correction of its
classification (人工更正), and a responsible body's page and responsibility list."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shezu.accounts.api import AuditAction, account_of, audit_record
from shezu.accounts.areas import area_name
from shezu.affiliation import vocabulary as v
from shezu.affiliation.errors import AffiliationError
from shezu.affiliation.exports import ledger_write
from shezu.affiliation.models import ClassificationOverride
from shezu.affiliation.queries import body_descendants, explanation, ledger_rows
from shezu.affiliation.services import override_clear, override_set
from shezu.web.jurisdiction import (
    body_get_for_user,
    body_reachable,
    organization_get_for_user,
    organizations_for_user,
)

BODY_PAGE_SIZE = 100

# The order the CLI shows the classification in (reporting.py).
ATTRIBUTE_ORDER = (
    "legal_form",
    "field",
    "level",
    "origin",
    "founder",
    "founder_kind",
    "supervisor",
)


@login_required
@require_http_methods(["GET", "POST"])
def responsibility(request: HttpRequest, org_id: str) -> HttpResponse:
    """Why the organization has the body it has: its classification with the evidence,
    whether it is in scope, every rule tried, the decision and its stretches so far."""
    found = organization_get_for_user(request.user, org_id)
    account = account_of(request.user)
    writes = bool(account and account.writes)
    if request.method == "POST":
        if not writes:
            raise Http404("没有这个页面")  # a read-only user has no form to post
        if request.POST.get("action") == "withdraw":
            _withdraw(request, found.org_id)
        else:
            _override(request, found.org_id)
        return redirect("web:responsibility", org_id=found.org_id)
    on = timezone.localdate()
    try:
        explained = explanation(found.org_id, on)
    except AffiliationError as error:
        raise Http404(str(error)) from error
    result = explained.classification
    overrides = {o.attribute: o for o in ClassificationOverride.objects.filter(org_id=found.org_id)}
    decision = explained.decision
    return render(
        request,
        "web/responsibility.html",
        {
            "organization": found,
            "area": area_name(found.township_code or found.county_code),
            "explained": explained,
            "classification": [
                {
                    "name": name,
                    "label": v.ATTRIBUTE_LABELS[name],
                    "value": result.value(name) or "未判定",
                    "evidence": result.evidence.get(name, ""),
                    "override": overrides.get(name),
                    "choices": v.ATTRIBUTE_VALUES.get(name, ()),
                }
                for name in ATTRIBUTE_ORDER
            ],
            "attempts": [
                (number, attempt, not attempt.outcome)
                for number, attempt in enumerate(decision.attempts, start=1)
            ],
            "decision_mode": v.MODE_LABELS.get(decision.mode, decision.mode),
            "history": [
                (
                    stretch,
                    v.MODE_LABELS.get(stretch.mode, stretch.mode),
                    body_reachable(request.user, stretch.body),
                )
                for stretch in reversed(explained.history)
            ],
            "writes": writes,
        },
    )


def _override(request: HttpRequest, org_id: str) -> None:
    attribute = request.POST.get("attribute", "").strip()
    value = request.POST.get("value", "").strip()
    reason = request.POST.get("reason", "").strip()
    if attribute not in v.ATTRIBUTE_LABELS:
        messages.error(request, "请选择要更正的分类项")
        return
    if not reason:
        messages.error(request, "人工更正须写明理由")
        return
    try:
        override_set(org_id, attribute, value, reason=reason, by=request.user.get_username())
    except AffiliationError as error:
        messages.error(request, str(error))
        return
    stored = v.attribute_value(attribute, value) or ""
    audit_record(
        request,
        AuditAction.CHANGE,
        object_type="classification_override",
        object_id=org_id,
        detail={"attribute": attribute, "value": stored, "reason": reason},
    )
    messages.success(
        request,
        f"已更正{v.ATTRIBUTE_LABELS[attribute]}为「{stored or '无'}」；"
        "下次运行 shezu assign run 时生效",
    )


def _withdraw(request: HttpRequest, org_id: str) -> None:
    """Withdraw a person's correction (撤销人工更正): the next run derives the value again."""
    attribute = request.POST.get("attribute", "").strip()
    if attribute not in v.ATTRIBUTE_LABELS:
        messages.error(request, "请选择要撤销更正的分类项")
        return
    if not override_clear(org_id, attribute):
        messages.error(request, f"{v.ATTRIBUTE_LABELS[attribute]}没有人工更正可撤销")
        return
    audit_record(
        request,
        AuditAction.CHANGE,
        object_type="classification_override",
        object_id=org_id,
        detail={"attribute": attribute, "withdrawn": True},
    )
    messages.success(
        request,
        f"已撤销{v.ATTRIBUTE_LABELS[attribute]}的人工更正；下次运行 shezu assign run 时生效",
    )


@login_required
def body(request: HttpRequest, code: str) -> HttpResponse:
    """A responsible body and the organizations it answers for now that the user may see
    (with ?below=1, also those of every body under it)."""
    found = body_get_for_user(request.user, code)
    below = request.GET.get("below") == "1"
    bodies = body_descendants(found) if below else [found]
    listed = ledger_rows(bodies)
    visible = set(
        organizations_for_user(request.user)
        .filter(org_id__in=[record.org_id for record, _, _ in listed])
        .values_list("org_id", flat=True)
    )
    rows = [
        (record, held, v.MODE_LABELS.get(held.mode, held.mode), stored)
        for record, held, stored in listed
        if record.org_id in visible
    ]
    page = Paginator(rows, BODY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/body.html",
        {
            "body": found,
            "area": area_name(found.area_code),
            "below": below,
            "downloadable": all(body_reachable(request.user, b) for b in bodies),
            "total": len(rows),
            "page": page,
        },
    )


@login_required
def body_ledger(request: HttpRequest, code: str) -> FileResponse:
    """The body's responsibility list (责任清单) as an xlsx attachment."""
    found = body_get_for_user(request.user, code)
    below = request.GET.get("below") == "1"
    if below and not all(body_reachable(request.user, b) for b in body_descendants(found)):
        # The file lists every organization below; one outside the area must not leak.
        raise Http404("下级责任主体不全在您的辖区内")
    on = timezone.localdate()
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the response closes it
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        listed = ledger_write(found, path, below=below, on=on)
        handle.write(path.read_bytes())
    handle.seek(0)
    audit_record(
        request,
        AuditAction.EXPORT,
        object_type="responsible_body",
        object_id=found.code,
        detail={"below": below, "organizations": listed, "on": on.isoformat()},
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{found.name}责任清单{on.isoformat()}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
