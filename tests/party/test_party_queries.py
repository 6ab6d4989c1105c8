"""The party context's reads (party/queries.py): areas, the tree, members on a date, a
member by ID number, and the findings gathered from the database with their date logic."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shezu.affiliation.models import BodyKind, ResponsibleBody
from shezu.census.api import townships
from shezu.party import queries
from shezu.party.errors import PartyError
from tests.factories import ImportBatchFactory, OrganizationFactory, SourceRecordFactory
from tests.party_factories import (
    LONG_AGO,
    PANLONG,
    WUHUA,
    D,
    cover,
    id_number,
    member,
    members,
    party_org,
    secretary,
    serial,
)

pytestmark = pytest.mark.django_db


def rules(found):
    return [(f.rule, f.subject_name) for f in found]


# ---------------------------------------------------------------------------
# Areas


def test_area_names_know_the_city_counties_townships_and_zones():
    huashan = townships(WUHUA)[0]
    assert queries.area_name("530100") == "昆明市"
    assert queries.area_name(WUHUA) == "五华区"
    assert queries.area_name(huashan.township_code) == f"五华区{huashan.name}"
    assert queries.area_name("530199") is None


def test_party_orgs_in_area_by_city_county_and_township():
    huashan = townships(WUHUA)[0].township_code
    OrganizationFactory(org_id="KM0000301", township=townships(WUHUA)[0].name)
    OrganizationFactory(org_id="KM0000302", township=townships(WUHUA)[1].name)
    here = party_org("华山甲协会党支部")
    there = party_org("护国乙协会党支部")
    left = party_org("华山丙协会党支部")
    panlong = party_org("盘龙丁协会党支部", area=PANLONG)
    cover(here, "KM0000301")
    cover(there, "KM0000302")
    cover(left, "KM0000301", joined_on=LONG_AGO, left_on=dt.date(2016, 1, 1))

    assert set(queries.party_orgs_in_area("530100")) == {here, there, left, panlong}
    assert set(queries.party_orgs_in_area(WUHUA)) == {here, there, left}
    assert set(queries.party_orgs_in_area(huashan)) == {here, left}
    assert set(queries.party_orgs_in_area(huashan, on=D)) == {here}


def test_an_unknown_area_is_refused_in_one_line():
    with pytest.raises(PartyError) as refused:
        queries.findings("5301", D)
    assert str(refused.value) == (
        "「5301」不是昆明市的辖区代码：应为 530100、区县的 6 位或乡镇街道的 9 位代码"
    )


# ---------------------------------------------------------------------------
# Members


def test_members_of_a_branch_on_a_date():
    branch = party_org("摄影家协会党支部")
    stays = member("张敏", branch)
    member("李华", branch, transfer_out_on=dt.date(2016, 5, 1))
    member("王强", branch, transfer_in_on=dt.date(2016, 12, 1))
    arrived = member("赵刚", branch, transfer_in_on=D)
    assert queries.members_of(branch, D) == [stays, arrived]


def test_a_member_is_found_by_id_number_exactly():
    number = id_number()
    found = member("张敏", number=number)
    assert queries.member_find_by_id_number(number) == found
    assert queries.member_find_by_id_number(f" {number[:6]} {number[6:]} ") == found
    assert queries.member_find_by_id_number(number[:17]) is None  # a prefix is not a match
    assert queries.member_find_by_id_number("not a number") is None
    assert queries.member_find_by_id_number(id_number()) is None


# ---------------------------------------------------------------------------
# Findings and their dates


def test_a_member_transferred_out_before_the_date_no_longer_counts():
    branch = party_org("摄影家协会党支部")
    members(branch, 2)
    member("李华", branch, transfer_out_on=dt.date(2016, 9, 30))
    assert rules(queries.findings(WUHUA, dt.date(2016, 9, 29))) == []
    found = queries.findings(WUHUA, D)
    assert rules(found) == [("branch_under_three", "摄影家协会党支部")]
    assert found[0].message == "正式党员 2 名，党支部至少需 3 名（预备党员不计）"


def test_a_probationary_member_made_full_on_the_date_counts():
    branch = party_org("摄影家协会党支部")
    members(branch, 2)
    member("李华", branch, category="probationary", full_on=D)
    assert rules(queries.findings(WUHUA, D - dt.timedelta(days=1))) == [
        ("branch_under_three", "摄影家协会党支部")
    ]
    assert rules(queries.findings(WUHUA, D)) == []


def test_a_branch_dissolved_before_the_date_is_not_checked():
    branch = party_org("摄影家协会党支部", dissolved_on=dt.date(2016, 6, 30))
    members(branch, 1)
    assert rules(queries.findings(WUHUA, dt.date(2016, 6, 29))) == [
        ("branch_under_three", "摄影家协会党支部")
    ]
    assert queries.findings(WUHUA, D) == []
    assert queries.findings_for(branch, D) == []


def test_an_organization_that_left_a_joint_branch_no_longer_counts_towards_five():
    joint = party_org("五华区社会组织联合党支部", kind="joint_branch", mode="joint")
    members(joint, 3)
    for number in range(5):
        cover(joint, f"KM000040{number}", joined_on=LONG_AGO)
    cover(joint, "KM0000409", joined_on=LONG_AGO, left_on=dt.date(2016, 8, 1))
    found = queries.findings(WUHUA, dt.date(2016, 7, 31))
    assert rules(found) == [("joint_over_five", "五华区社会组织联合党支部")]
    assert found[0].message == "覆盖 6 个单位，联合党支部一般不超过 5 个"
    assert queries.findings(WUHUA, D) == []


def test_every_party_rule_is_found_from_the_database():
    small = party_org("甲协会党支部")
    members(small, 2)
    members(small, 1, category="probationary")
    no_committee = party_org("乙协会党支部", has_committee=False)
    members(no_committee, 7)
    general = party_org("丙协会党总支", kind="general_branch")
    branch_below = party_org("丙协会第一党支部", parent=general, has_committee=True)
    members(branch_below, 20)
    committee = party_org("丁协会党委", kind="committee", has_committee=True)
    members(committee, 60)
    big = party_org("戊协会党支部", has_committee=True)
    members(big, 45)
    members(big, 6, category="probationary")
    overdue = party_org("己协会党支部", elected_on=dt.date(2013, 6, 1), term_years=3)
    ending = party_org("庚协会党支部", elected_on=dt.date(2013, 12, 1), term_years=3)
    for org in (overdue, ending):
        members(org, 3)
    led = party_org("辛协会党支部")
    members(led, 3)
    probationer = member("李华", led, category="probationary")
    secretary(led, "李华", probationer)
    secretary(led, "赵刚", title="first_secretary", channel="dispatched")
    secretary(led, "钱前", started_on=LONG_AGO, ended_on=dt.date(2016, 1, 1))  # no longer
    OrganizationFactory(org_id="KM0000500", name="昆明市律师协会")
    member("孙一", employer_org_id="KM0000500", relationship_elsewhere="云南大学党委")
    members(None, 2, employer_org_id="KM0000500")

    found = queries.findings(WUHUA, D)

    assert rules(found) == [
        ("branch_under_three", "甲协会党支部"),
        ("committee_missing", "乙协会党支部"),
        ("general_branch_too_small", "丙协会党总支"),
        ("committee_too_small", "丁协会党委"),
        ("branch_over_fifty", "戊协会党支部"),
        ("term_overdue", "己协会党支部"),
        ("term_ending", "庚协会党支部"),
        ("secretary_not_full_member", "辛协会党支部"),
        ("secretary_unrecorded", "辛协会党支部"),
        ("should_build", "昆明市律师协会"),
    ]
    messages = {f.rule: f.message for f in found}
    assert messages["general_branch_too_small"].startswith("党员 20 名")  # its branch's
    assert messages["term_ending"] == "本届 2016-12-01 届满（31 天后届满），请准备换届"
    assert messages["should_build"] == "从业人员中有正式党员 3 名，尚未单独建立党组织"
    assert [(f.rule, f.message) for f in queries.findings_for(led, D)] == [
        ("secretary_not_full_member", "书记李华在 2016-10-31 不是正式党员"),
        ("secretary_unrecorded", messages["secretary_unrecorded"]),
    ]


def test_should_build_counts_the_staff_on_the_date_in_scope_and_in_the_area():
    OrganizationFactory(org_id="KM0000601", name="甲协会")
    OrganizationFactory(org_id="KM0000602", name="乙协会")  # has its own branch
    OrganizationFactory(org_id="KM0000603", name="丙协会")  # only in a joint branch
    OrganizationFactory(org_id="KM0000604", name="丁协会", status="注销", status_date=LONG_AGO)
    OrganizationFactory(org_id="KM0000605", name="戊协会", county_code=PANLONG)
    OrganizationFactory(org_id="KM0000606", name="己协会")  # 3 full until one left on 2016-03-01
    own = party_org("乙协会党支部")
    joint = party_org("联合党支部", kind="joint_branch", mode="joint")
    cover(own, "KM0000602")
    cover(joint, "KM0000603")
    members(joint, 3)
    for org_id in ("KM0000601", "KM0000602", "KM0000603", "KM0000604", "KM0000605"):
        members(None, 3, employer_org_id=org_id)
    members(own, 3, employer_org_id="KM0000602")
    members(None, 1, employer_org_id="KM0000606")
    members(
        None, 1, employer_org_id="KM0000606", category="probationary", full_on=dt.date(2016, 2, 1)
    )
    members(None, 1, employer_org_id="KM0000606", transfer_out_on=dt.date(2016, 3, 1))

    def built(area, on=D):
        return sorted(name for rule, name in rules(queries.findings(area, on)))

    assert built(WUHUA) == ["丙协会", "甲协会"]
    assert built("530100") == ["丙协会", "戊协会", "甲协会"]
    assert built(WUHUA, dt.date(2016, 2, 29)) == ["丙协会", "己协会", "甲协会"]
    huashan = next(town for town in townships(WUHUA) if town.name == "华山街道")
    OrganizationFactory(org_id="KM0000607", name="庚协会", township=huashan.name)
    members(None, 3, employer_org_id="KM0000607")
    assert built(huashan.township_code) == ["庚协会"]
    assert [f.rule for f in queries.organization_findings_for("KM0000603", D)] == ["should_build"]
    assert queries.organization_findings_for("KM0000602", D) == []


def test_findings_take_a_bounded_number_of_queries():
    batch = ImportBatchFactory()

    def registered():
        # With its department's record, as a link run leaves it (else the census reads
        # the departments from each golden record's provenance, one query each).
        organization = OrganizationFactory()
        SourceRecordFactory(batch=batch, organization=organization)
        return organization.org_id

    def build(count):
        for _ in range(count):
            branch = party_org(f"协会{next(serial)}党支部", elected_on=LONG_AGO, term_years=3)
            members(branch, 2)
            secretary(branch, "张敏")
            cover(branch, registered())
            members(None, 3, employer_org_id=registered())

    build(2)
    with CaptureQueriesContext(connection) as few:
        assert len(queries.findings(WUHUA, D)) == 2 * 4
    build(8)
    with CaptureQueriesContext(connection) as many:
        assert len(queries.findings(WUHUA, D)) == 10 * 4
    assert len(many) == len(few)


# ---------------------------------------------------------------------------
# The tree


def test_the_tree_puts_party_organizations_under_their_upper_body_with_counts():
    ResponsibleBody.objects.create(
        code="530102", name="中共五华区委组织部", kind=BodyKind.COUNTY, area_code=WUHUA
    )
    general = party_org("丙协会党总支", kind="general_branch", parent_body_code="530102")
    first = party_org("丙协会第一党支部", parent=general)
    second = party_org("丙协会第二党支部", parent=general)
    party_org("丙协会第三党支部", parent=general, dissolved_on=dt.date(2016, 1, 1))
    members(first, 3)
    members(second, 2)
    members(second, 1, category="probationary")
    cover(first, "KM0000701")
    cover(second, "KM0000701")
    cover(second, "KM0000702")
    lone = party_org("甲协会党支部")
    members(lone, 4)

    tree = queries.party_tree(WUHUA, D)

    assert [(n.kind, n.key, n.name, n.members, n.full_members, n.organizations) for n in tree] == [
        ("body", "530102", "中共五华区委组织部", 6, 5, 2),
        ("body", "", queries.NO_UPPER_BODY, 4, 4, 0),
    ]
    (top,) = tree[0].children
    assert (top.name, top.kind_label, top.members, top.full_members, top.organizations) == (
        "丙协会党总支",
        "党总支",
        6,
        5,
        2,
    )
    assert [(c.name, c.members, c.organizations) for c in top.children] == [
        ("丙协会第一党支部", 3, 1),
        ("丙协会第二党支部", 3, 2),
    ]
    assert tree[1].children[0].name == "甲协会党支部"
