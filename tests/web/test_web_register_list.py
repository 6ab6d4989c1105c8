"""The register list (台账): search by each key, filters, pagination, order, query count."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shezu.affiliation.models import Assignment, AssignmentRun, ResponsibleBody
from shezu.census.models import OrganizationNameKey
from shezu.web.search import Total, filter_choices
from tests.factories import PANLONG, PHOTOGRAPHERS_USCC, WUHUA, OrganizationFactory, photographers

pytestmark = pytest.mark.django_db
URL = reverse("web:organizations")


def listed(client: Client, **params: Any) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [org.org_id for org, _ in response.context["rows"]]


@pytest.fixture
def clerk(client: Client, user_in: Callable[[str, str], User]) -> Client:
    client.force_login(user_in("county", WUHUA))
    return client


def test_the_list_shows_the_users_county_only(clerk: Client) -> None:
    photographers()
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationFactory(org_id="KM0000300", name="盘龙区书法家协会", county_code=PANLONG)

    response = clerk.get(URL)

    assert [org.org_id for org, _ in response.context["rows"]] == ["KM0000123", "KM0000200"]
    assert response.context["page"].paginator.count == 2
    text = response.content.decode()
    assert "昆明市摄影家协会" in text and "盘龙区书法家协会" not in text
    assert "共 <strong>2</strong> 个组织" in text


@pytest.mark.parametrize(
    ("q", "found_by"),
    [
        ("KM0000123", "组织编号"),
        ("km123", "组织编号"),
        (
            " " + PHOTOGRAPHERS_USCC.lower()[:6] + " " + PHOTOGRAPHERS_USCC.lower()[6:],
            "统一社会信用代码",
        ),
        (PHOTOGRAPHERS_USCC[8:17].lower(), "组织机构代码"),
        ("kmssyjxh", "拼音首字母"),
        ("KMSSYJXH", "拼音首字母"),
        ("昆明市摄影家协会", "名称"),
        ("昆明市摄影协会", "名称"),  # its former name (曾用名)
    ],
)
def test_each_kind_of_search_finds_the_photographers(clerk: Client, q: str, found_by: str) -> None:
    photographers()
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")

    response = clerk.get(URL, {"q": q})

    assert [org.org_id for org, _ in response.context["rows"]] == ["KM0000123"]
    assert response.context["found_by"] == found_by


def test_a_name_without_a_key_is_found_by_what_it_contains(clerk: Client) -> None:
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationFactory(org_id="KM0000201", name="五华区老年书法研究会")
    OrganizationFactory(org_id="KM0000202", name="五华区象棋协会")

    response = clerk.get(URL, {"q": "书法"})

    assert [org.org_id for org, _ in response.context["rows"]] == ["KM0000200", "KM0000201"]
    assert response.context["found_by"] == "名称包含"


def test_the_core_name_finds_before_contains(clerk: Client) -> None:
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationFactory(org_id="KM0000201", name="五华区青年书法家协会研究会")

    assert listed(clerk, q="书法家协会") == ["KM0000200"]


def test_nothing_found_is_an_empty_list(clerk: Client) -> None:
    photographers()

    response = clerk.get(URL, {"q": "不存在的组织"})

    assert response.context["page"].paginator.count == 0
    assert "没有找到组织" in response.content.decode()


def test_a_search_does_not_reach_outside_the_area(clerk: Client) -> None:
    OrganizationFactory(org_id="KM0000300", name="盘龙区书法家协会", county_code=PANLONG)

    assert listed(clerk, q="KM0000300") == []
    assert listed(clerk, q="盘龙区书法家协会") == []


def test_filters(client: Client, user_in: Callable[[str, str], User]) -> None:
    client.force_login(user_in("city", "530100"))
    photographers()  # 全市性 社会团体 in 五华区华山街道, flagged conflict
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会", township="丰宁街道")
    OrganizationFactory(
        org_id="KM0000300", name="盘龙区幼儿园", county_code=PANLONG, category="民办非企业单位",
        status="注销", flags=["missing", "township_unresolved"],
    )  # fmt: skip

    assert listed(client, county=WUHUA) == ["KM0000123", "KM0000200"]
    assert listed(client, township="530102005") == ["KM0000200"]  # 丰宁街道
    assert listed(client, category="民办非企业单位") == ["KM0000300"]
    assert listed(client, level="全市性") == ["KM0000123"]
    assert listed(client, status="注销") == ["KM0000300"]
    assert listed(client, flag="conflict") == ["KM0000123"]
    assert listed(client, flag="township_unresolved") == ["KM0000300"]
    assert listed(client, flag="weak_link") == []
    assert listed(client, flag="no-such-flag") == ["KM0000123", "KM0000200", "KM0000300"]
    assert listed(client, county=WUHUA, q="书法") == ["KM0000200"]


def test_sorting(client: Client, user_in: Callable[[str, str], User]) -> None:
    client.force_login(user_in("city", "530100"))
    OrganizationFactory(org_id="KM0000001", name="乙协会", county_code=PANLONG)
    OrganizationFactory(org_id="KM0000002", name="甲协会", county_code=WUHUA)
    OrganizationFactory(org_id="KM0000003", name="丙协会", county_code=WUHUA)

    assert listed(client) == ["KM0000001", "KM0000002", "KM0000003"]
    assert listed(client, sort="name") == ["KM0000003", "KM0000001", "KM0000002"]
    assert listed(client, sort="county") == ["KM0000002", "KM0000003", "KM0000001"]
    assert listed(client, sort="pk; drop table") == ["KM0000001", "KM0000002", "KM0000003"]


def test_pagination(clerk: Client) -> None:
    OrganizationFactory.create_batch(120, name="五华区某协会")

    first = clerk.get(URL)
    last = clerk.get(URL, {"page": 3})
    beyond = clerk.get(URL, {"page": 99})

    assert first.context["page"].paginator.num_pages == 3
    assert len(first.context["rows"]) == 50
    assert len(last.context["rows"]) == 20
    assert beyond.context["page"].number == 3
    assert "第 1 / 3 页" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_the_query_count_does_not_grow_with_the_page(
    clerk: Client, django_assert_max_num_queries: Any
) -> None:
    OrganizationFactory.create_batch(60, name="五华区某协会")
    photographers()

    for params in ({}, {"page": 2}, {"q": "kmssyjxh"}, {"q": "书法"}, {"flag": "conflict"}):
        with django_assert_max_num_queries(15):
            clerk.get(URL, params)


def test_the_filter_choices_are_the_registers_values_city_wide_from_one_query(
    clerk: Client,
) -> None:
    OrganizationFactory(category="社会团体", level="县级", status="正常")
    OrganizationFactory(category="民办非企业单位", level="县级", status="注销")
    OrganizationFactory(category="基金会", level="", status="正常")
    OrganizationFactory(category="社区社会组织", level="城乡社区", county_code=PANLONG)
    OrganizationFactory(category="学会", level="市级", status="撤销", active=False)

    response = clerk.get(URL)
    with CaptureQueriesContext(connection) as queries:
        choices = filter_choices()

    # Another county's values are offered too (choosing one finds nothing); an inactive
    # organization's are not.
    assert (
        response.context["choices"]
        == choices
        == {
            "category": sorted(["基金会", "民办非企业单位", "社会团体", "社区社会组织"]),
            "level": sorted(["县级", "城乡社区"]),
            "status": sorted(["正常", "注销"]),
        }
    )
    assert len(queries) == 1
    assert listed(clerk, category="社区社会组织") == []


def test_a_clerk_counts_what_is_located_in_the_county_and_what_is_assigned_to_it(
    clerk: Client,
) -> None:
    OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationFactory(org_id="KM0000201", name="五华区象棋协会", category="民办非企业单位")
    OrganizationFactory(org_id="KM0000300", name="盘龙区书法家协会", county_code=PANLONG)
    OrganizationFactory(org_id="KM0000301", name="盘龙区书法研究会", county_code=PANLONG)
    assign("KM0000200")  # located and assigned: counted once
    assign("KM0000300")  # assigned from another county

    everything = clerk.get(URL)
    calligraphy = clerk.get(URL, {"q": "书法"})
    one_category = clerk.get(URL, {"category": "社会团体"})

    assert everything.context["page"].paginator.count == 3
    assert [o.org_id for o, _ in everything.context["rows"]] == [
        "KM0000200", "KM0000201", "KM0000300",
    ]  # fmt: skip
    assert calligraphy.context["page"].paginator.count == 2
    assert one_category.context["page"].paginator.count == 2


def assign(org_id: str) -> None:
    """Make a 五华区 body answer for the organization (责任归属, still open)."""
    body, _ = ResponsibleBody.objects.get_or_create(
        code=f"{WUHUA}-body", defaults={"name": "五华区社会组织综合党委", "kind": "county",
                                        "area_code": WUHUA},
    )  # fmt: skip
    run = AssignmentRun.objects.create(as_of=dt.date(2024, 1, 1), rule_version="2024")
    Assignment.objects.create(
        org_id=org_id, body=body, mode="locality", rule="r", rule_version="2024", in_scope=True,
        valid_from=dt.date(2024, 1, 1), reason="首次分配", run=run,
    )  # fmt: skip


def test_a_name_contains_count_is_exact_below_the_estimate_threshold(clerk: Client) -> None:
    OrganizationFactory.create_batch(3, name="五华区书法爱好者协会")

    response = clerk.get(URL, {"q": "书法"})

    assert response.context["found_by"] == "名称包含"
    assert response.context["page"].paginator.total == Total(3)
    assert "共 <strong>3</strong> 个组织" in response.content.decode()


def test_an_exact_name_finds_an_organization_whose_name_keys_are_missing(clerk: Client) -> None:
    org = OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationNameKey.objects.filter(organization=org).delete()

    response = clerk.get(URL, {"q": "五华区书法家协会"})

    assert [o.org_id for o, _ in response.context["rows"]] == ["KM0000200"]
    assert response.context["found_by"] == "名称"


def test_an_absorbed_id_leads_to_the_organization_that_took_it_in(clerk: Client) -> None:
    taker = OrganizationFactory(org_id="KM0000200", name="五华区书法家协会")
    OrganizationFactory(org_id="KM0000201", name="五华区书法协会", active=False, merged_into=taker)

    assert listed(clerk, q="km201") == ["KM0000200"]
    assert listed(clerk, q="KM0000200") == ["KM0000200"]


def test_the_list_does_not_read_golden_records(clerk: Client) -> None:
    photographers()

    response = clerk.get(URL)

    org, _ = response.context["rows"][0]
    assert {"fields", "provenance"} <= org.get_deferred_fields()


def test_administrators_see_an_empty_list(
    client: Client, user_in: Callable[[str, str], User]
) -> None:
    photographers()
    client.force_login(user_in("sysadmin", "530100"))

    assert listed(client) == []


def test_signed_out_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
