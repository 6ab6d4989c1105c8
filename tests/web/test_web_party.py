"""The Party-organization pages: the area's tree with counts and findings, one Party
organization, member search by name or full ID number, and one member with the full ID
opened only by a role that keeps members' records — every look audited, IDs masked."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from shezu.accounts.models import AuditAction, AuditEvent
from tests.factories import PANLONG, WUHUA, OrganizationFactory
from tests.party_factories import cover, id_number, member, members, party_org, secretary

pytestmark = pytest.mark.django_db

ON = dt.date(2016, 10, 31)


@pytest.fixture
def branches() -> dict[str, object]:
    """五华区: a branch with 4 members (one transferred out) covering 书法家协会, and a
    pocket member working there; 盘龙区: a branch with 2 members."""
    OrganizationFactory(org_id="KM0000201", name="五华区书法家协会", township="华山街道")
    OrganizationFactory(org_id="KM0000301", name="盘龙区摄影家协会", county_code=PANLONG)
    wuhua = party_org("中共五华区书法家协会支部委员会", founded_on=dt.date(2016, 3, 1))
    cover(wuhua, "KM0000201", joined_on=dt.date(2016, 3, 1))
    number = id_number()
    first = member("李华", wuhua, number=number, sex="female")
    members(wuhua, 2)
    member("赵离", wuhua, transfer_out_on=dt.date(2016, 6, 30))
    pocket = member(
        "钱在外", None, employer_org_id="KM0000201", relationship_elsewhere="某街道党委"
    )
    secretary(wuhua, "李华", first)
    panlong = party_org("盘龙区摄影家协会党支部", area=PANLONG)
    cover(panlong, "KM0000301")
    other = members(panlong, 2)
    return {
        "wuhua": wuhua,
        "panlong": panlong,
        "first": first,
        "number": number,
        "pocket": pocket,
        "other": other[0],
    }


def test_the_tree_counts_the_areas_party_organizations_on_a_date(
    client: Client, user_in: Callable[[str, str], User], branches: dict
) -> None:
    client.force_login(user_in("county", WUHUA))

    response = client.get(reverse("web:party_home"), {"on": "2016-10-31"})

    assert response.status_code == 200
    assert response.context["totals"] == {
        "party_orgs": 1,
        "members": 3,
        "full_members": 3,
        "organizations": 1,
    }
    page = response.content.decode()
    assert "中共五华区书法家协会支部委员会" in page
    assert "盘龙区摄影家协会党支部" not in page
    # Fewer than seven members: no committee needed; three full members: a branch stands.
    assert response.context["findings_total"] == 0


def test_a_branch_below_three_full_members_shows_as_a_finding(
    client: Client, user_in: Callable[[str, str], User], branches: dict
) -> None:
    client.force_login(user_in("city", "530100"))

    response = client.get(reverse("web:party_home"), {"on": "2016年10月31日"})

    assert response.context["totals"]["party_orgs"] == 2
    labels = [(row["label"], row["subject"]) for row in response.context["findings"]]
    assert labels == [("正式党员不足3名", "盘龙区摄影家协会党支部")]
    assert response.context["rule_counts"] == [("正式党员不足3名", "不符合", 1)]
    panlong = branches["panlong"]
    assert reverse("web:party_org", args=[panlong.pk]) in response.content.decode()


def test_the_party_org_page_masks_ids_lists_pocket_members_and_is_audited(
    client: Client, user_in: Callable[[str, str], User], branches: dict
) -> None:
    user = user_in("county", WUHUA)
    client.force_login(user)
    wuhua = branches["wuhua"]

    response = client.get(reverse("web:party_org", args=[wuhua.pk]), {"on": "2016-10-31"})

    page = response.content.decode()
    names = [row["member"].name for row in response.context["members"]]
    assert len(names) == 3 and "李华" in names and "赵离" not in names  # out on 30 June
    assert [row["member"].name for row in response.context["elsewhere"]] == ["钱在外"]
    assert branches["number"] not in page
    assert f"{branches['number'][:6]}********{branches['number'][-4:]}" in page
    event = AuditEvent.objects.get(action=AuditAction.VIEW_PERSONAL)
    assert (event.object_type, event.object_id, event.username) == (
        "party_org",
        str(wuhua.pk),
        user.username,
    )


def test_members_are_found_by_name_and_by_full_id_number_within_the_area(
    client: Client, user_in: Callable[[str, str], User], branches: dict
) -> None:
    client.force_login(user_in("county", WUHUA))
    url = reverse("web:party_members")

    by_name = client.get(url, {"q": "李华"})
    by_number = client.get(url, {"q": branches["number"].lower()})
    next_door = client.get(url, {"q": branches["other"].name})
    partial = client.get(url, {"q": branches["number"][:10]})

    assert [m.name for m in by_name.context["page"]] == ["李华"]
    assert [m.name for m in by_number.context["page"]] == ["李华"]
    assert by_number.context["by"] == "id_number"
    assert list(next_door.context["page"]) == []
    assert list(partial.context["page"]) == []  # part of a number is a name search: nothing
    events = AuditEvent.objects.filter(object_type="member_search").order_by("id")
    assert [(e.detail["by"], e.detail["found"]) for e in events] == [
        ("name", 1),
        ("id_number", 1),
        ("name", 0),
        ("name", 0),
    ]
    # The log says how and how many, never what was typed.
    logged = " ".join(str(e.detail) + e.object_id for e in AuditEvent.objects.all())
    assert branches["number"][6:14] not in logged and "李华" not in logged


def test_the_full_id_number_opens_for_a_county_clerk_on_request_only(
    client: Client, user_in: Callable[[str, str], User], branches: dict
) -> None:
    client.force_login(user_in("county", WUHUA))
    url = reverse("web:party_member", args=[branches["first"].pk])

    shown = client.get(url).content.decode()
    opened = client.post(url).content.decode()

    assert branches["number"] not in shown and "查看完整号码" in shown
    assert branches["number"] in opened
    events = AuditEvent.objects.filter(object_type="member").order_by("id")
    assert [e.detail["id_number_opened"] for e in events] == [False, True]


@pytest.mark.parametrize(("role", "area"), [("city", "530100"), ("inspector", WUHUA)])
def test_roles_that_keep_no_members_records_cannot_open_the_number(
    client: Client, user_in: Callable[[str, str], User], branches: dict, role: str, area: str
) -> None:
    client.force_login(user_in(role, area))
    url = reverse("web:party_member", args=[branches["first"].pk])

    page = client.get(url).content.decode()
    response = client.post(url)

    assert "查看完整号码" not in page
    assert response.status_code == 403
    assert branches["number"] not in response.content.decode()


def test_a_pocket_member_is_visible_through_the_organization_they_work_in(
    client: Client, user_in: Callable[[str, str], User], branches: dict
) -> None:
    client.force_login(user_in("township", "530102001"))  # 华山街道

    response = client.get(reverse("web:party_member", args=[branches["pocket"].pk]))

    assert response.status_code == 200
    assert "组织关系不在本系统：某街道党委" in response.content.decode()


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_the_administrators_see_no_party_pages(
    client: Client, user_in: Callable[[str, str], User], branches: dict, role: str
) -> None:
    client.force_login(user_in(role, "530100"))

    assert client.get(reverse("web:party_home")).status_code == 404
    assert client.get(reverse("web:party_org", args=[branches["wuhua"].pk])).status_code == 404
    assert client.get(reverse("web:party_members"), {"q": "李华"}).status_code == 404
