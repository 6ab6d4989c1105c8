"""Party-organization pages (党组织): the tree of the user's area with counts and the
Party-rule findings, one Party organization, member search and one member.

Members are personal data, and party membership is treated as sensitive (domain §7):
every page that lists members and every member search leaves an audit event; ID numbers
are masked everywhere (530102********1234) and opened only one member at a time, by a
role that keeps members' records (county, township, secretary), with its own audit event.
A search by ID number compares keyed hashes; the number is never written to the log.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shezu.accounts.api import AuditAction, account_of, audit_record
from shezu.affiliation.api import body_get
from shezu.census.api import parse_date
from shezu.party.checks import RULES, SubjectKind
from shezu.party.errors import PartyError
from shezu.party.models import Member, PartyOrganization
from shezu.party.queries import (
    findings,
    findings_for,
    member_find_by_id_number,
    members_of,
    party_tree,
)
from shezu.party.vocabulary import (
    EstablishmentMode,
    MemberCategory,
    PartyOrgKind,
    SecretaryChannel,
    SecretaryTitle,
    Sex,
)
from shezu.personal import unseal
from shezu.web.jurisdiction import (
    member_get_for_user,
    members_for_user,
    organizations_for_user,
    party_org_get_for_user,
)

FINDINGS_SHOWN = 100
MEMBERS_PAGE = 50
ID_PURPOSE = "member.id_number"  # the purpose the import seals ID numbers under


def _business_account(request: HttpRequest) -> Any:
    account = account_of(request.user)
    if account is None or not account.sees_business_data:
        raise Http404("没有这个页面")
    return account


def _day(request: HttpRequest) -> dt.date:
    """The date the page counts on: ?on=… in any notation the imports accept, else today."""
    given = request.GET.get("on", "").strip()
    parsed, _ = parse_date(given) if given else (None, None)
    return parsed or timezone.localdate()


@login_required
def party_home(request: HttpRequest) -> HttpResponse:
    """The Party organizations of the user's area on a date, under their upper bodies, with
    members and covered organizations counted, and the Party-rule findings."""
    account = _business_account(request)
    on = _day(request)
    try:
        tree = party_tree(account.area_code, on)
        found = findings(account.area_code, on)
    except PartyError:  # a community's 12 digits: no area tree; its pages still work
        tree, found = [], []
    by_rule = Counter(finding.rule for finding in found)
    return render(
        request,
        "web/party_home.html",
        {
            "on": on,
            "tree": tree,
            "totals": {
                "party_orgs": _count_party_orgs(tree),
                "members": sum(node.members for node in tree),
                "full_members": sum(node.full_members for node in tree),
                "organizations": sum(node.organizations for node in tree),
            },
            "rule_counts": [
                (RULES[code].label, RULES[code].severity.label, by_rule[code])
                for code in RULES
                if by_rule[code]
            ],
            "findings": [_finding_row(f) for f in found[:FINDINGS_SHOWN]],
            "findings_total": len(found),
        },
    )


def _count_party_orgs(nodes: Any) -> int:
    return sum((node.kind == "party_org") + _count_party_orgs(node.children) for node in nodes)


def _finding_row(finding: Any) -> dict[str, str]:
    if finding.subject_kind is SubjectKind.PARTY_ORG:
        link = reverse("web:party_org", args=[int(finding.subject_id)])
    else:
        link = reverse("web:organization", args=[finding.subject_id])
    return {
        "severity": finding.severity.value,
        "severity_label": finding.severity.label,
        "label": finding.label,
        "subject": finding.subject_name,
        "link": link,
        "message": finding.message,
    }


@login_required
def party_org(request: HttpRequest, party_org_id: int) -> HttpResponse:
    """One Party organization on a date: what it is, the organizations it covers, its
    members (masked), its secretaries and the Party-rule findings."""
    _business_account(request)
    found = party_org_get_for_user(request.user, party_org_id)
    on = _day(request)
    visible = set(
        organizations_for_user(request.user)
        .filter(org_id__in=found.coverages.values("org_id"))
        .values_list("org_id", flat=True)
    )
    members = members_of(found, on)
    # Members of the organizations it covers whose relationship is held elsewhere
    # (口袋党员): the branch should bring them in.
    covered_now = [c.org_id for c in found.coverages.all() if c.covers_on(on)]
    elsewhere = list(
        Member.objects.filter(party_org__isnull=True, employer_org_id__in=covered_now).order_by(
            "name"
        )
    )
    audit_record(
        request, AuditAction.VIEW_PERSONAL, object_type="party_org", object_id=str(found.pk)
    )
    return render(
        request,
        "web/party_org.html",
        {
            "party_org": found,
            "on": on,
            "kind": PartyOrgKind(found.kind).label,
            "mode": EstablishmentMode(found.mode).label,
            "upper": _upper(found),
            "exists": found.exists_on(on),
            "coverages": [
                (c, c.org_id in visible, c.covers_on(on))
                for c in found.coverages.order_by("joined_on", "org_id")
            ],
            "members": [_member_row(m, on) for m in members],
            "full_members": sum(m.is_full_on(on) for m in members),
            "elsewhere": [_member_row(m, on) for m in elsewhere],
            "secretaries": [
                (
                    s,
                    SecretaryTitle(s.title).label,
                    SecretaryChannel(s.channel).label,
                    s.started_on <= on and (s.ended_on is None or s.ended_on > on),
                )
                for s in found.secretaries.order_by("-started_on")
            ],
            "findings": [_finding_row(f) for f in findings_for(found, on)],
        },
    )


def _upper(found: PartyOrganization) -> str:
    if found.parent is not None:
        return found.parent.name
    if found.parent_body_code:
        body = body_get(found.parent_body_code)
        if body is not None:
            return body.name if body.confirmed else f"{body.name}（待确认）"
        return found.parent_body_code
    return "—"


def _member_row(member: Member, on: dt.date) -> dict[str, Any]:
    return {
        "member": member,
        "sex": Sex(member.sex).label if member.sex else "",
        "category": "正式党员" if member.is_full_on(on) else MemberCategory.PROBATIONARY.label,
        "held": member.held_on(on),
    }


@login_required
def member_search(request: HttpRequest) -> HttpResponse:
    """Members by name (contained) or by full citizen ID number (exact, through the keyed
    hash); both within the user's jurisdiction, each search audited without its text."""
    _business_account(request)
    query = "".join(request.GET.get("q", "").split())
    members = members_for_user(request.user).select_related("party_org")
    by = ""
    if not query:
        page = None
    elif _looks_like_id_number(query):
        by = "id_number"
        found = member_find_by_id_number(query)
        rows = [found] if found is not None and members.filter(pk=found.pk).exists() else []
        page = Paginator(rows, MEMBERS_PAGE).get_page(1)
    else:
        by = "name"
        page = Paginator(
            members.filter(name__contains=query).order_by("name", "id"), MEMBERS_PAGE
        ).get_page(request.GET.get("page"))
    if page is not None:
        audit_record(
            request,
            AuditAction.VIEW_PERSONAL,
            object_type="member_search",
            # What was searched for is itself personal data: only how, and how many.
            detail={"by": by, "found": page.paginator.count},
        )
    return render(
        request,
        "web/party_members.html",
        {"query": query if by == "name" else "", "by": by, "page": page},
    )


def _looks_like_id_number(text: str) -> bool:
    return len(text) == 18 and text[:17].isdigit()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    """One member, ID masked; a POST from a role that keeps members' records opens the
    full number on this response only, audited."""
    account = _business_account(request)
    found = member_get_for_user(request.user, member_id)
    full_number = ""
    if request.method == "POST":
        if not account.opens_id_numbers:
            raise PermissionDenied("您的角色不能查看完整的公民身份号码")
        full_number = unseal(found.id_sealed, ID_PURPOSE)
    audit_record(
        request,
        AuditAction.VIEW_PERSONAL,
        object_type="member",
        object_id=str(found.pk),
        detail={"id_number_opened": bool(full_number)},
    )
    on = timezone.localdate()
    employer = (
        organizations_for_user(request.user).filter(org_id=found.employer_org_id).first()
        if found.employer_org_id
        else None
    )
    return render(
        request,
        "web/party_member.html",
        {
            "member": found,
            "row": _member_row(found, on),
            "full_number": full_number,
            "can_open": account.opens_id_numbers,
            "employer": employer,
            "appointments": found.appointments.select_related("party_org").order_by("-started_on"),
        },
    )
