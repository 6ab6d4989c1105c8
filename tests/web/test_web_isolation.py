"""Jurisdiction (辖区) over every route, generated from the URL conf: an organization
outside the user's area is a 404 on each page and API endpoint that takes its id.

A new route with a parameter fails `test_every_parameter_has_an_out_of_area_object`
until OUT_OF_AREA says how to make an object that a 五华区 user must not reach.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shezu.accounts.models import Account
from shezu.affiliation.bodies import bodies_seed
from shezu.affiliation.models import Assignment, AssignmentRun, ResponsibleBody
from shezu.party.models import PartyOrganization
from shezu.web.jurisdiction import organizations_for_user
from shezu.web.models import Job, JobKind, JobState
from tests.factories import (
    PANLONG,
    WUHUA,
    ImportBatchFactory,
    OrganizationFactory,
    ReviewItemFactory,
    SourceRecordFactory,
)
from tests.party_factories import cover, member, party_org

pytestmark = pytest.mark.django_db


def _panlong_organization() -> str:
    """In 盘龙区, assigned to a 盘龙区 body: nothing ties it to 五华区."""
    organization = OrganizationFactory(
        org_id="KM0000300", name="盘龙区书法家协会", county_code=PANLONG, township="拓东街道"
    )
    _assign(organization.org_id, "530103", "盘龙区社会组织党委")
    return organization.org_id


def _panlong_review_item() -> str:
    """A pending pair whose two records both belong to a 盘龙区 organization."""
    organization = OrganizationFactory(
        org_id="KM0000310", name="盘龙区摄影家协会", county_code=PANLONG, township="拓东街道"
    )
    item = ReviewItemFactory(
        record_a=SourceRecordFactory(name="盘龙区摄影家协会", organization=organization),
        record_b=SourceRecordFactory(name="盘龙摄影家协会", organization=organization),
    )
    return str(item.pk)


def _panlong_body() -> str:
    """盘龙区's own body (the seed's county body): its area is not within 五华区."""
    bodies_seed()
    return PANLONG


def _panlong_party_org() -> str:
    """A 盘龙区 branch covering a 盘龙区 organization."""
    branch = party_org("盘龙区书法家协会党支部", area=PANLONG)
    cover(branch, _panlong_organization())
    return str(branch.pk)


def _panlong_member() -> str:
    """A member of that branch, working in the 盘龙区 organization."""
    branch = PartyOrganization.objects.get(pk=int(_panlong_party_org()))
    return str(member("周盘龙", branch, employer_org_id="KM0000300").pk)


def _panlong_job() -> str:
    """A finished import by a 盘龙区 clerk. Jobs are seen by whoever started them (and the
    city), so the clerk is the 盘龙区 user the test signed in, if there is one: that user
    must reach it, a 五华区 user must not."""
    clerk = (
        User.objects.filter(account__area_code=PANLONG).order_by("-pk").first()
        or Account.objects.create(
            user=User.objects.create_user("panlong_clerk"), role="county", area_code=PANLONG
        ).user
    )
    batch = ImportBatchFactory(file_name="盘龙区_备案.csv")
    job = Job.objects.create(
        kind=JobKind.IMPORT,
        state=JobState.DONE,
        created_by=clerk,
        area_code=PANLONG,
        file_name="盘龙区_备案.csv",
        department="备案",
        as_of=dt.date(2016, 4, 15),
        rows_total=1,
        result={"batch_id": batch.pk, "rows_read": 1, "accepted": 1, "rejected": 0},
    )
    return str(job.pk)


# URL parameter → how to make an object the 五华区 county user must not see.
OUT_OF_AREA: dict[str, Callable[[], str]] = {
    "org_id": _panlong_organization,
    "item_id": _panlong_review_item,
    "code": _panlong_body,
    "party_org_id": _panlong_party_org,
    "member_id": _panlong_member,
    "job_id": _panlong_job,
}


def routes() -> Iterator[tuple[str, str, list[str]]]:
    """(name with namespace, route, parameter names) of every route, includes followed."""

    def walk(
        patterns: list[Any], prefix: str, namespace: str
    ) -> Iterator[tuple[str, str, list[str]]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                converters = getattr(entry.pattern, "converters", {})
                name = f"{namespace}{entry.name}" if entry.name else ""
                yield name, prefix + str(entry.pattern), sorted(converters)

    return walk(get_resolver().url_patterns, "", "")


WITH_PARAMETERS = [route for route in routes() if route[2]]


def test_the_url_conf_is_walked() -> None:
    names = {name for name, _, _ in routes()}
    assert {"web:organizations", "web:organization", "web:api_organization"} <= names
    assert {name for name, _, _ in WITH_PARAMETERS} >= {"web:organization", "web:api_organization"}


def test_every_parameter_has_an_out_of_area_object() -> None:
    uncovered = {
        f"{name} ({route}): {param}"
        for name, route, params in WITH_PARAMETERS
        for param in params
        if param not in OUT_OF_AREA
    }
    assert uncovered == set()


def _status_as(
    client: Client,
    user: User,
    bearer: Callable[[User], dict[str, str]],
    name: str,
    route: str,
    params: list[str],
) -> int:
    """The status a GET of the route gives `user`, with an out-of-area object for each
    parameter: by token for the API, signed in for pages."""
    url = reverse(name, kwargs={param: OUT_OF_AREA[param]() for param in params})
    if route.startswith("api/"):
        return client.get(url, **bearer(user)).status_code
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize(("name", "route", "params"), WITH_PARAMETERS, ids=lambda v: str(v))
def test_out_of_area_is_404_on_every_route(
    client: Client,
    user_in: Callable[[str, str], User],
    bearer: Callable[[User], dict[str, str]],
    name: str,
    route: str,
    params: list[str],
) -> None:
    status = _status_as(client, user_in("county", WUHUA), bearer, name, route, params)

    assert status == 404


@pytest.mark.parametrize(("name", "route", "params"), WITH_PARAMETERS, ids=lambda v: str(v))
def test_the_same_object_is_reachable_in_its_own_area(
    client: Client,
    user_in: Callable[[str, str], User],
    bearer: Callable[[User], dict[str, str]],
    name: str,
    route: str,
    params: list[str],
) -> None:
    """The check above would pass on a broken route too; the owner must get a 200."""
    status = _status_as(client, user_in("county", PANLONG), bearer, name, route, params)

    assert status == 200


def test_a_township_user_sees_only_its_township(user_in: Callable[[str, str], User]) -> None:
    OrganizationFactory(org_id="KM0000201", township="华山街道")  # 530102001
    OrganizationFactory(org_id="KM0000202", township="丰宁街道")  # 530102005
    OrganizationFactory(org_id="KM0000203")  # 五华区, township unknown
    user = user_in("township", "530102001")

    assert list(organizations_for_user(user).values_list("org_id", flat=True)) == ["KM0000201"]


def test_a_township_user_gets_404_next_door(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    OrganizationFactory(org_id="KM0000202", township="丰宁街道")
    client.force_login(user_in("township", "530102001"))

    assert client.get(reverse("web:organization", args=["KM0000202"])).status_code == 404
    assert client.get(reverse("web:organizations"), {"q": "KM0000202"}).context["rows"] == []


def test_an_organization_assigned_to_a_wuhua_body_is_visible_there(
    client: Client, user_in: Callable[[str, str], User], bearer: Callable[[User], dict[str, str]]
) -> None:
    OrganizationFactory(org_id="KM0000301", county_code=PANLONG, township="拓东街道")
    _assign("KM0000301", "530102001", "华山街道党工委")
    ended = OrganizationFactory(org_id="KM0000302", county_code=PANLONG)
    _assign(ended.org_id, "530102", "五华区社会组织党委", valid_to=dt.date(2024, 6, 1))
    user = user_in("county", WUHUA)
    client.force_login(user)

    assert client.get(reverse("web:organization", args=["KM0000301"])).status_code == 200
    assert client.get("/api/v1/organizations/KM0000301", **bearer(user)).status_code == 200
    assert [org.org_id for org, _ in client.get(reverse("web:organizations")).context["rows"]] == [
        "KM0000301"
    ]
    # A closed stretch no longer gives sight of it.
    assert client.get(reverse("web:organization", args=["KM0000302"])).status_code == 404


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_see_no_organization(
    client: Client,
    user_in: Callable[[str, str], User],
    bearer: Callable[[User], dict[str, str]],
    role: str,
) -> None:
    OrganizationFactory(org_id="KM0000201")
    user = user_in(role, "530100")
    client.force_login(user)

    assert organizations_for_user(user).count() == 0
    assert client.get(reverse("web:organizations")).context["page"].paginator.count == 0
    assert client.get(reverse("web:organization", args=["KM0000201"])).status_code == 404
    assert client.get("/api/v1/organizations", **bearer(user)).json()["count"] == 0
    assert client.get("/api/v1/organizations/KM0000201", **bearer(user)).status_code == 404


def _assign(
    org_id: str, area: str, body_name: str, *, valid_to: dt.date | None = None
) -> Assignment:
    body, _ = ResponsibleBody.objects.get_or_create(
        code=f"{area}-{body_name}",
        defaults={"name": body_name, "kind": "county" if len(area) == 6 else "township",
                  "area_code": area},
    )  # fmt: skip
    run = AssignmentRun.objects.create(as_of=dt.date(2024, 1, 1), rule_version="2024")
    return Assignment.objects.create(
        org_id=org_id, body=body, mode="locality", rule="r", rule_version="2024", in_scope=True,
        valid_from=dt.date(2024, 1, 1), valid_to=valid_to, reason="首次分配", run=run,
    )  # fmt: skip
