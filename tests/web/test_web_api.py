"""The JSON API: bearer tokens only, the list and its paging, one golden record, the
OpenAPI document, and an audit event per call."""

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from shezu.accounts.models import ApiToken, AuditAction, AuditEvent
from shezu.accounts.tokens import token_create
from tests.factories import PANLONG, PHOTOGRAPHERS_USCC, OrganizationFactory, photographers

pytestmark = pytest.mark.django_db
Headers = Callable[[User], dict[str, str]]
LIST = "/api/v1/organizations"


@pytest.fixture
def token(user_in: Callable[[str, str], User], bearer: Headers) -> dict[str, str]:
    return bearer(user_in("county", "530102"))


def test_the_list(client: Client, token: dict[str, str]) -> None:
    photographers()
    OrganizationFactory(org_id="KM0000300", county_code=PANLONG)

    response = client.get(LIST, **token)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "results": [
            {
                "org_id": "KM0000123",
                "name": "昆明市摄影家协会",
                "uscc": PHOTOGRAPHERS_USCC,
                "county_code": "530102",
                "township_code": "530102001",
                "category": "社会团体",
                "level": "全市性",
                "status": "正常",
            }
        ],
    }


def test_search_and_filters_are_the_pages(client: Client, token: dict[str, str]) -> None:
    photographers()
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")

    def ids(**params: str) -> list[str]:
        return [row["org_id"] for row in client.get(LIST, params, **token).json()["results"]]

    assert ids(q="kmssyjxh") == ["KM0000123"]
    assert ids(q="昆明市摄影协会") == ["KM0000123"]
    assert ids(q="书法") == ["KM0000200"]
    assert ids(county="530102", flag="conflict") == ["KM0000123"]
    assert ids(county=PANLONG) == []


def test_paging(client: Client, token: dict[str, str]) -> None:
    OrganizationFactory.create_batch(7)

    first = client.get(LIST, {"page_size": 3, "q": "摄影"}, **token).json()
    last = client.get(LIST, {"page_size": 3, "page": 3}, **token).json()
    beyond = client.get(LIST, {"page_size": 3, "page": 9}, **token).json()

    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert (
        first["next"]
        == "http://testserver/api/v1/organizations?page_size=3&q=%E6%91%84%E5%BD%B1&page=2"
    )
    assert [len(last["results"]), last["next"]] == [1, None]
    assert [beyond["count"], beyond["results"], beyond["next"]] == [7, [], None]


def test_page_size_defaults_to_50_and_is_capped_at_500(
    client: Client, token: dict[str, str]
) -> None:
    OrganizationFactory.create_batch(501)

    default = client.get(LIST, **token).json()
    capped = client.get(LIST, {"page_size": 10_000}, **token).json()

    assert [default["count"], len(default["results"])] == [501, 50]
    assert [len(capped["results"]), capped["next"].endswith("page_size=10000&page=2")] == [
        500,
        True,
    ]


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"page": "x"}, {"page_size": "-1"}, {"page_size": "1.5"}]
)
def test_bad_paging_is_400(client: Client, token: dict[str, str], params: dict[str, str]) -> None:
    response = client.get(LIST, params, **token)

    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_one_golden_record(client: Client, token: dict[str, str]) -> None:
    photographers()

    body = client.get("/api/v1/organizations/km0000123", **token).json()

    assert body["org_id"] == "KM0000123"
    assert body["fields"]["legal_rep"] == "李明"
    assert body["fields"]["former_names"] == ["昆明市摄影协会"]
    assert body["flags"] == ["conflict"]


def test_outside_the_area_is_a_json_404(client: Client, token: dict[str, str]) -> None:
    OrganizationFactory(org_id="KM0000300", county_code=PANLONG)

    response = client.get("/api/v1/organizations/KM0000300", **token)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer nonsense", "Token abc", "Basic dXNlcjpwdw=="]
)
def test_no_or_a_bad_token_is_401(client: Client, authorization: str | None) -> None:
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}

    for url in (LIST, "/api/v1/organizations/KM0000123"):
        response = client.get(url, **headers)
        assert response.status_code == 401
        assert response.json()["detail"].startswith("需要有效的接口令牌")
        assert response["WWW-Authenticate"] == 'Bearer realm="shezu"'


def test_a_session_is_no_credential(client: Client, user_in: Callable[[str, str], User]) -> None:
    photographers()
    client.force_login(user_in("county", "530102"))

    assert client.get(LIST).status_code == 401


def test_a_revoked_token_is_401(client: Client, user_in: Callable[[str, str], User]) -> None:
    headers = {"HTTP_AUTHORIZATION": "Bearer " + token_create(user_in("county", "530102"))}
    ApiToken.objects.update(revoked_at=timezone.now())

    assert client.get(LIST, **headers).status_code == 401


def test_get_only_and_no_csrf(user_in: Callable[[str, str], User], bearer: Headers) -> None:
    client = Client(enforce_csrf_checks=True)
    headers = bearer(user_in("county", "530102"))

    response = client.post(LIST, {}, **headers)

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_each_call_is_audited(client: Client, token: dict[str, str]) -> None:
    photographers()

    client.get(LIST, {"q": "摄影"}, **token)
    client.get("/api/v1/organizations/KM0000123", **token)
    client.get("/api/v1/organizations/KM0000999", **token)

    events = AuditEvent.objects.filter(action=AuditAction.API).order_by("id")
    assert [(e.object_type, e.object_id, e.detail["path"], e.detail["status"]) for e in events] == [
        ("", "", "/api/v1/organizations?q=%E6%91%84%E5%BD%B1", 200),
        ("organization", "KM0000123", "/api/v1/organizations/KM0000123", 200),
        ("organization", "KM0000999", "/api/v1/organizations/KM0000999", 404),
    ]
    assert {e.username[:12] for e in events} == {"county530102"}


def test_openapi_needs_no_token(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    document = json.loads(response.content)
    assert response.status_code == 200
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/api/v1"}]
    assert sorted(document["paths"]) == [
        "/openapi.json",
        "/organizations",
        "/organizations/{org_id}",
    ]
    size = next(
        p
        for p in document["paths"]["/organizations"]["get"]["parameters"]
        if p["name"] == "page_size"
    )
    assert size["schema"]["maximum"] == 500
