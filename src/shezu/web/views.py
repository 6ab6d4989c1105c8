"""Pages: thin views over the contexts' queries, every read through jurisdiction.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property

from shezu.accounts.api import AuditAction, account_of, audit_record
from shezu.accounts.areas import area_name
from shezu.accounts.passwords import password_set
from shezu.affiliation.queries import assignment_history
from shezu.affiliation.vocabulary import MODE_LABELS
from shezu.census.api import counties, townships, zones
from shezu.census.labels import FIELD_LABELS
from shezu.census.models import SourceRecord, VerificationTask
from shezu.census.models.register import ReviewStatus
from shezu.census.register.conflicts import conflict_text, value_text
from shezu.census.register.queries import organization_detail
from shezu.web.jurisdiction import organization_get_for_user, organizations_for_user
from shezu.web.review_views import review_items_for_user
from shezu.web.search import (
    FLAG_LABELS,
    SORT_LABELS,
    Criteria,
    Found,
    Total,
    filter_choices,
    organizations_find,
)

PAGE_SIZE = 50


class Login(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard skeleton (领导看板): the register in the user's area by county and by
    source list, and the review and verification backlogs. Coverage fills it later."""
    account = account_of(request.user)
    if account is None or not account.sees_business_data:
        return render(request, "web/home.html", {"sees_business_data": False})
    visible = organizations_for_user(request.user)
    by_county = [
        (area_name(row["county_code"]) or "区县不明", row["n"])
        for row in visible.order_by().values("county_code").annotate(n=Count("id"))
    ]
    by_source = [
        (row["batch__department"], row["n"])
        for row in SourceRecord.objects.filter(organization__in=visible.values("pk"))
        .order_by()
        .values("batch__department")
        .annotate(n=Count("organization", distinct=True))
    ]
    return render(
        request,
        "web/home.html",
        {
            "sees_business_data": True,
            "organizations": visible.count(),
            "by_county": sorted(by_county, key=lambda row: (-row[1], row[0])),
            "by_source": sorted(by_source, key=lambda row: (-row[1], row[0])),
            "review_pending": review_items_for_user(request.user)
            .filter(status=ReviewStatus.PENDING)
            .count(),
            "tasks_open": VerificationTask.objects.filter(
                open=True, organization__in=visible.values("pk")
            ).count(),
        },
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_set(user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        audit_record(request, AuditAction.PASSWORD_CHANGED)
        messages.success(request, "密码已修改")
        return redirect("web:home")
    return render(request, "web/password_change.html", {"form": form})


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    """The register (台账): search, filters, an order, 50 a page. The dropdowns offer the
    values found city-wide (`filter_choices`), the same for every user."""
    criteria = Criteria.from_params(request.GET)
    found = organizations_find(request.user, criteria)
    page = _FoundPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/organizations.html",
        {
            "criteria": criteria,
            "found_by": found.found_by,
            "page": page,
            "rows": [(org, area_name(org.township_code or org.county_code)) for org in page],
            "choices": filter_choices(),
            "counties": [(c.code, c.name) for c in counties()],
            "townships": _township_choices(criteria.county),
            "flags": FLAG_LABELS.items(),
            "sorts": SORT_LABELS.items(),
            "labels": FIELD_LABELS,
        },
    )


class _FoundPaginator(Paginator):  # type: ignore[type-arg]  # not subscriptable at run time
    """Pages what was found, counted as `Found.total` counts (part by part, or an
    estimate for a wide name-contains search on PostgreSQL)."""

    def __init__(self, found: Found, per_page: int) -> None:
        super().__init__(found.organizations, per_page)
        self.found = found

    @cached_property
    def total(self) -> Total:
        return self.found.total()

    @cached_property
    def count(self) -> int:
        return self.total.n


def _township_choices(county: str) -> list[tuple[str, str]]:
    """A county's townships and the management zones within it; none before a county."""
    if not county:
        return []
    found = [(t.township_code, t.name) for t in townships(county)]
    found += [(z.township_code, z.short or z.name) for z in zones() if z.parent == county]
    return sorted(found)


@login_required
def organization(request: HttpRequest, org_id: str) -> HttpResponse:
    """One organization: its golden record and where each value came from, its conflicts,
    flags, source records, events, and who answers for it (责任主体)."""
    found = organization_get_for_user(request.user, org_id)
    detail = organization_detail(org_id=found.org_id)
    provenance = found.provenance or {}
    golden = [
        {
            "label": FIELD_LABELS.get(name, name),
            "value": _shown(name, value),
            "sources": [s for s in provenance.get(name) or [] if isinstance(s, dict)],
        }
        for name, value in (found.fields or {}).items()
    ]
    history = assignment_history(found.org_id)
    current = next((a for a in history if a.valid_to is None), None)
    # The golden record names people and their phones (个人信息): every view is logged.
    audit_record(
        request, AuditAction.VIEW_PERSONAL, object_type="organization", object_id=found.org_id
    )
    return render(
        request,
        "web/organization.html",
        {
            "organization": found,
            "area": area_name(found.township_code or found.county_code),
            "golden": golden,
            "conflicts": [
                conflict_text(c, provenance) for c in found.conflicts or [] if isinstance(c, dict)
            ],
            "missing": [FIELD_LABELS.get(name, name) for name in found.missing or []],
            "flags": [FLAG_LABELS.get(flag, f"需核实：{flag}") for flag in found.flags or []],
            "records": detail.records,
            "events": detail.events,
            "current": current,
            "current_mode": MODE_LABELS.get(current.mode, current.mode) if current else "",
            "history": [(a, MODE_LABELS.get(a.mode, a.mode)) for a in reversed(history)],
            "labels": FIELD_LABELS,
        },
    )


def _shown(name: str, value: object) -> str:
    text = value_text(value)
    if name == "county_code" and text:
        return f"{area_name(text)}（{text}）"
    return text
