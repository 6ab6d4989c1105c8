"""Who sees what (辖区): every read of business data goes through these getters.

A user sees an organization when it is located in their area — the city sees all; a
county's 6 digits match its county, a township's 9 its township or management zone —
or when it is assigned (affiliation) to a responsible body whose own area lies within
theirs. An object outside is a 404, never a 403 that would confirm it exists. The
administrators (三员) see no business data at all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from shezu.accounts.api import account_of
from shezu.accounts.models import BUSINESS_ROLES
from shezu.affiliation.models import Assignment, ResponsibleBody
from shezu.census.api import CITY_CODE
from shezu.census.models import Organization
from shezu.party.models import Member, PartyCoverage, PartyOrganization


def organizations_for_user(user: Any) -> QuerySet[Organization]:
    """The active organizations of the register the user may see."""
    account = account_of(user)
    organizations = Organization.objects.filter(active=True)
    if account is None or account.role not in BUSINESS_ROLES:
        return organizations.none()
    located, assigned = _area_conditions(account.area_code)
    if located is None:  # the city
        return organizations
    # An OR, not `pk IN (located UNION assigned)`: PostgreSQL answers that with a hash
    # join over the whole register (2.5 s at a million rows against 0.5 s for a count,
    # and no index order for a page); counts go part by part, `organizations_for_user_parts`.
    return organizations.filter(located | Q(org_id__in=assigned))


def organizations_for_user_parts(user: Any) -> list[QuerySet[Organization]]:
    """`organizations_for_user` cut into disjoint parts, each a plain indexed condition:
    those located in the area, and those assigned to a body within it but located
    elsewhere (the city: one part, every active organization; none for the
    administrators). Counting part by part reads indexes only, where counting the whole
    (an OR with a subquery) reads the register (benchmarks/web_scale.py)."""
    account = account_of(user)
    organizations = Organization.objects.filter(active=True)
    if account is None or account.role not in BUSINESS_ROLES:
        return []
    located, assigned = _area_conditions(account.area_code)
    if located is None:
        return [organizations]
    return [
        organizations.filter(located),
        organizations.filter(org_id__in=assigned).exclude(located),
    ]


def _area_conditions(area: str) -> tuple[Q | None, QuerySet[Assignment, Any]]:
    """Located in the area (None: the city, everything), and the org_ids assigned to a
    body within it."""
    if area == CITY_CODE:
        located = None
    elif len(area) == 6:
        located = Q(county_code=area)
    elif len(area) == 9:
        located = Q(township_code=area)
    else:  # a community (12 digits): only what its own bodies answer for
        located = Q(pk__in=[])
    assigned = Assignment.objects.filter(
        valid_to__isnull=True, body__area_code__startswith=area
    ).values("org_id")
    return located, assigned


def organization_get_for_user(user: Any, org_id: str) -> Organization:
    """The organization with this stable id if the user may see it; Http404 otherwise."""
    found = organizations_for_user(user).filter(org_id=org_id.strip().upper()).first()
    if found is None:
        raise Http404("没有这个组织，或不在您的辖区内")
    return found


def bodies_for_user(user: Any) -> QuerySet[ResponsibleBody]:
    """The responsible bodies whose area lies within the user's (the city sees every
    body); none for the administrators."""
    account = account_of(user)
    bodies = ResponsibleBody.objects.select_related("parent")
    if account is None or account.role not in BUSINESS_ROLES:
        return bodies.none()
    if account.area_code == CITY_CODE:
        return bodies
    return bodies.filter(area_code__startswith=account.area_code)


def body_reachable(user: Any, body: ResponsibleBody) -> bool:
    """Whether the body's page is open to the user (no query)."""
    account = account_of(user)
    if account is None or account.role not in BUSINESS_ROLES:
        return False
    return account.area_code == CITY_CODE or body.area_code.startswith(account.area_code)


def body_get_for_user(user: Any, code: str) -> ResponsibleBody:
    """The responsible body with this code if the user may see it; Http404 otherwise."""
    found = bodies_for_user(user).filter(code=code.strip()).first()
    if found is None:
        raise Http404("没有这个责任主体，或不在您的辖区内")
    return found


def party_orgs_for_user(user: Any) -> QuerySet[PartyOrganization]:
    """The Party organizations the user may see: those of their area (the county they
    belong to, the city all) and those covering, at any time, an organization the user
    sees; none for the administrators."""
    account = account_of(user)
    party_orgs = PartyOrganization.objects.all()
    if account is None or account.role not in BUSINESS_ROLES:
        return party_orgs.none()
    if account.area_code == CITY_CODE:
        return party_orgs
    covering = PartyCoverage.objects.filter(
        org_id__in=organizations_for_user(user).values("org_id")
    ).values("party_org_id")
    return party_orgs.filter(Q(area_code=account.area_code) | Q(pk__in=covering))


def party_org_get_for_user(user: Any, party_org_id: int) -> PartyOrganization:
    found = party_orgs_for_user(user).filter(pk=party_org_id).first()
    if found is None:
        raise Http404("没有这个党组织，或不在您的辖区内")
    return found


def members_for_user(user: Any) -> QuerySet[Member]:
    """The members the user may see: held by a Party organization they see, or working in
    an organization they see (members whose relationship is elsewhere included)."""
    account = account_of(user)
    members = Member.objects.all()
    if account is None or account.role not in BUSINESS_ROLES:
        return members.none()
    if account.area_code == CITY_CODE:
        return members
    return members.filter(
        Q(party_org__in=party_orgs_for_user(user).values("pk"))
        | Q(employer_org_id__in=organizations_for_user(user).values("org_id"))
    )


def member_get_for_user(user: Any, member_id: int) -> Member:
    found = members_for_user(user).filter(pk=member_id).select_related("party_org").first()
    if found is None:
        raise Http404("没有这名党员，或不在您的辖区内")
    return found
