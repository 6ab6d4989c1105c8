"""Classification: each value with its evidence; people's facts beat the lists, a person's
override beats everything, and nothing is guessed."""

import dataclasses
import datetime as dt

import pytest

from shezu.affiliation.classification import (
    Facts,
    Override,
    classify,
    founder_kind_of,
    registration_area,
)
from shezu.census.api import FieldVisit, OrganizationRecord

BLANK = OrganizationRecord(
    org_id="KM0000001", name="", uscc="", category="", level="", registration_authority="",
    supervisor="", founder="", address="", county_code="530102", township="华山街道", zone="",
    community="", legal_rep="", phones="", established_on=dt.date(2010, 5, 1), status="正常",
    status_date=None, departments=frozenset({"民政"}),
)  # fmt: skip


def record(**given: object) -> OrganizationRecord:
    return dataclasses.replace(BLANK, **given)  # type: ignore[arg-type]


def test_a_unit_founded_by_a_university_is_government_run() -> None:
    result = classify(
        record(
            name="昆明正才社区服务中心",
            category="民办非企业单位",
            level="全市性",
            registration_authority="昆明市民政局",
            founder="云南大学",
            supervisor="昆明市民政局",
        )
    )

    assert (result.legal_form, result.level, result.origin) == ("民办非企业单位", "全市性", "官办")
    assert (result.founder, result.founder_kind) == ("云南大学", "事业单位")
    assert result.field == "城乡社区服务类"
    assert result.evidence == {
        "supervisor": "登记信息：业务主管单位",
        "founder": "登记信息：举办单位",
        "founder_kind": "按举办单位名称“云南大学”推断",
        "legal_form": "登记类型：民办非企业单位",
        "level": "登记层级：全市性",
        "origin": "举办单位为事业单位",
        "field": "名称含“社区”",
    }


def test_the_counties_facts_beat_the_lists_and_an_override_beats_both() -> None:
    group = record(name="昆明市河南同乡会", category="社会团体", level="全市性", supervisor="无")
    facts = Facts(founder="昆明市总工会", founder_kind="人民团体", field="其他",
                  source={"founder": "分类补充.xlsx:4", "founder_kind": "分类补充.xlsx:4",
                          "field": "分类补充.xlsx:4"})  # fmt: skip

    from_facts = classify(group, facts)
    overridden = classify(group, facts, {"field": Override("公益慈善类", "会章程以扶贫济困为宗旨")})

    assert (from_facts.founder, from_facts.founder_kind, from_facts.field) == (
        "昆明市总工会",
        "人民团体",
        "其他",
    )
    assert from_facts.origin == "官办"
    assert from_facts.evidence["field"] == "补充信息表 分类补充.xlsx:4"
    assert from_facts.supervisor == ""  # 无 means none
    assert overridden.field == "公益慈善类"
    assert overridden.evidence["field"] == "人工更正：会章程以扶贫济困为宗旨"
    assert overridden.overridden == ("field",)


def test_a_field_team_may_say_what_kind_of_founder_it_is() -> None:
    visit = FieldVisit(dt.date(2016, 6, 1), "信息更正", {"founder_kind": "国企"})
    visited = record(name="五华区华兴培训学校", category="民办非企业单位",
                     founder="昆明华兴实业有限公司", visits=(visit,))  # fmt: skip

    result = classify(visited)

    assert (result.founder_kind, result.origin) == ("国有企业", "官办")
    assert result.evidence["founder_kind"] == "2016-06-01 实地核实"


def test_a_filed_group_is_a_grassroots_community_organization() -> None:
    result = classify(record(name="新村老年协会", departments=frozenset({"备案"})))

    assert (result.legal_form, result.level, result.origin) == ("社区社会组织", "城乡社区", "草根")
    assert result.field == "文化体育"
    assert result.evidence["field"] == "名称含“老年协会”"


def test_forms_named_by_the_name_and_enterprises_from_industry_and_commerce() -> None:
    firm = classify(
        record(name="云南天外天律师事务所", level="省级", departments=frozenset({"司法"}))
    )
    school = classify(record(name="昆明童光培训学校有限公司",
                             registration_authority="五华区工商行政管理局",
                             departments=frozenset({"工商"})))  # fmt: skip

    assert (firm.legal_form, firm.field, firm.level) == ("律师事务所", "法律服务", "全市性")
    assert firm.evidence["level"] == "省级登记机关登记，在昆明按全市性"
    assert (school.legal_form, school.field, school.level) == ("其他中介组织", "民办学校", "县级")
    assert school.evidence["legal_form"] == "在工商登记（五华区工商行政管理局）"


def test_nothing_is_guessed() -> None:
    result = classify(record(name="昆明市河南同乡会", category="社会团体", level="全市性"))

    assert result.field == ""
    assert "field" not in result.evidence
    assert (result.founder, result.founder_kind) == ("", "")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("昆明市总工会", "人民团体"),
        ("共青团昆明市委员会", "人民团体"),
        ("昆明市教育局", "党政机关"),
        ("五华区人民政府华山街道办事处", "党政机关"),
        ("云南大学", "事业单位"),
        ("昆明市第一人民医院", "事业单位"),
        ("昆明市国有资产管理营运有限责任公司", "国有企业"),
        ("昆明华兴实业有限公司", "民营企业"),
        ("昆明市书法家协会", "社会组织"),
        ("张  敏", "个人"),
        ("Acme", ""),
    ],
)
def test_the_kind_of_a_founder_from_its_name(name: str, kind: str) -> None:
    assert founder_kind_of(name) == kind


@pytest.mark.parametrize(
    ("authority", "uscc", "area"),
    [
        ("昆明市民政局", "", "530100"),
        ("昆明市五华区民政局", "", "530102"),
        ("五华区民政局", "", "530102"),
        ("晋宁县民政局", "", "530115"),
        ("", "52530103MJ0000000X", "530103"),
        ("", "", ""),
    ],
)
def test_the_registering_area(authority: str, uscc: str, area: str) -> None:
    assert registration_area(record(registration_authority=authority, uscc=uscc)) == area
