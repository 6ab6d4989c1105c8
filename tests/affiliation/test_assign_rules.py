"""The rule table: loading refuses mistakes by name; deciding takes the first rule that
applies and respects every body's jurisdiction."""

import dataclasses
import datetime as dt

import pytest

from shezu.affiliation.errors import RulesError
from shezu.affiliation.rules import (
    FALLBACK_RULE,
    Subject,
    decide,
    outside_jurisdiction,
    rules_default,
    rules_load,
    table_for,
)


@dataclasses.dataclass(frozen=True)
class FakeBody:
    code: str
    name: str
    kind: str
    area_code: str
    units: tuple[str, ...] = ()


class FakeDirectory:
    def __init__(self, *bodies: FakeBody) -> None:
        self.bodies = bodies

    def by_code(self, code: str) -> FakeBody | None:
        return next((b for b in self.bodies if b.code == code), None)

    def for_unit(self, name: str) -> FakeBody | None:
        return next((b for b in self.bodies if name in b.units), None)

    def area_body(self, area_code: str) -> FakeBody | None:
        kinds = ("city", "county", "zone", "township")
        return next((b for b in self.bodies if b.area_code == area_code and b.kind in kinds), None)


CITY = FakeBody("530100", "昆明市社会组织党工委", "city", "530100")
WUHUA = FakeBody("530102", "五华区社会组织党委", "county", "530102")
PANLONG = FakeBody("530103", "盘龙区社会组织党委", "county", "530103")
HUASHAN = FakeBody("530102001", "华山街道党工委", "township", "530102001")
HIGH_TECH = FakeBody("530102401", "高新区社会组织党委", "zone", "530102401")
EDUCATION = FakeBody(
    "530100-education", "昆明市教育局机关党委", "supervisor", "530100", ("昆明市教育局",)
)
WUHUA_ARTS = FakeBody(
    "530102-arts", "五华区文联机关党委", "supervisor", "530102", ("五华区文学艺术界联合会",)
)
LAWYERS = FakeBody("530100-lawyers", "昆明市律师行业党委", "industry", "530100")
YNU = FakeBody("530100-founder-01", "云南大学党委", "founder", "530100", ("云南大学",))
DIRECTORY = FakeDirectory(
    CITY, WUHUA, PANLONG, HUASHAN, HIGH_TECH, EDUCATION, WUHUA_ARTS, LAWYERS, YNU
)


def subject(**given: object) -> Subject:
    values: dict[str, object] = {
        "org_id": "KM0000001",
        "name": "五华区书法家协会",
        "level": "县级",
        "origin": "民办",
        "legal_form": "社会团体",
        "field": "文化体育",
        "founder": "",
        "founder_kind": "",
        "supervisor": "",
        "county_code": "530102",
        "township": "华山街道",
        "township_code": "530102001",
        "zone": "",
        "zone_code": "",
        "registration_area": "530102",
        "filed_only": False,
        "in_scope": True,
    }
    values.update(given)
    return Subject(**values)  # type: ignore[arg-type]


def test_each_mode_by_the_shipped_rules() -> None:
    table = rules_default()
    founded = decide(table, subject(founder="云南大学", founder_kind="事业单位"), DIRECTORY)
    supervised = decide(table, subject(supervisor="五华区文学艺术界联合会"), DIRECTORY)
    community = decide(table, subject(level="城乡社区", legal_form="社区社会组织"), DIRECTORY)
    city_wide = decide(table, subject(level="全市性", registration_area="530100"), DIRECTORY)
    county = decide(table, subject(), DIRECTORY)

    assert (founded.mode, founded.body.code, founded.rule) == ("founder", YNU.code, "founder")
    assert (supervised.mode, supervised.body.code) == ("supervisor", WUHUA_ARTS.code)
    assert (community.mode, community.body.code, community.rule) == (
        "locality",
        HUASHAN.code,
        "community",
    )
    assert (city_wide.mode, city_wide.body.code, city_wide.rule) == (
        "level",
        CITY.code,
        "city-wide",
    )
    assert (county.mode, county.body.code, county.rule) == ("level", WUHUA.code, "county-level")
    assert [a.rule for a in county.attempts] == [
        "lawyers", "accountants", "founder", "supervisor", "community", "city-wide", "county-level"
    ]  # fmt: skip
    assert county.attempts[0].outcome == "条件不符：组织形式为「社会团体」"
    assert county.attempts[3].outcome == "条件不符：业务主管单位未知"
    assert county.attempts[-1].outcome == ""


def test_law_firms_go_to_the_industry_committee_where_the_city_has_one() -> None:
    firm = subject(name="云南天外天律师事务所", legal_form="律师事务所", level="全市性",
                   supervisor="昆明市司法局", registration_area="530100")  # fmt: skip

    with_committee = decide(rules_default(), firm, DIRECTORY)
    without = decide(rules_default(), firm, FakeDirectory(CITY, WUHUA, HUASHAN))

    assert (with_committee.mode, with_committee.body.code) == ("supervisor", LAWYERS.code)
    assert without.attempts[0].outcome == "责任主体名录中没有编号为 530100-lawyers 的主体"
    # No committee and the justice bureau's body not listed either: by level, and followed up.
    assert (without.rule, without.body.code) == ("city-wide", CITY.code)
    assert "业务主管单位「昆明市司法局」的党组织未在责任主体名录中" in without.follow_up


def test_a_founder_without_a_listed_party_body_falls_through_and_is_followed_up() -> None:
    decision = decide(
        rules_default(), subject(founder="昆明某某科技有限公司", founder_kind="民营企业"), DIRECTORY
    )

    assert (
        decision.attempts[2].outcome == "举办单位「昆明某某科技有限公司」的党组织不在责任主体名录中"
    )
    assert decision.rule == "county-level"
    assert decision.follow_up == ["举办单位「昆明某某科技有限公司」的党组织未在责任主体名录中"]


def test_no_body_reaches_across_its_county() -> None:
    # Registered by 五华区, supervised by 五华区文联, but it now sits in 盘龙区.
    moved = subject(supervisor="五华区文学艺术界联合会", county_code="530103", township="",
                    township_code="")  # fmt: skip

    decision = decide(rules_default(), moved, DIRECTORY)

    assert (
        decision.attempts[3].outcome == "越界：五华区文联机关党委 的辖区为 530102，组织位于 530103"
    )
    assert (decision.rule, decision.body.code) == ("county-level", PANLONG.code)
    assert (
        outside_jurisdiction(HUASHAN, moved)
        == "越界：华山街道党工委 的辖区为 530102001，组织位于 未知乡镇（街道）"
    )


def test_a_management_zone_is_a_responsible_area_of_its_own() -> None:
    in_zone = subject(zone="昆明国家高新技术产业开发区", zone_code="530102401", township="",
                      township_code="")  # fmt: skip

    decision = decide(rules_default(), in_zone, DIRECTORY)

    assert (decision.rule, decision.body.code) == ("county-level", HIGH_TECH.code)
    assert (
        outside_jurisdiction(WUHUA, in_zone)
        == "越界：组织位于管理区「昆明国家高新技术产业开发区」，由管理区负责"
    )
    assert (
        outside_jurisdiction(WUHUA_ARTS, in_zone) == ""
    )  # a unit of the host county may supervise it


def test_an_unresolved_address_goes_to_the_registration_level_and_is_followed_up() -> None:
    lost = subject(level="城乡社区", legal_form="社区社会组织", county_code="", township="",
                   township_code="", registration_area="530102")  # fmt: skip

    decision = decide(rules_default(), lost, DIRECTORY)

    assert decision.rule == FALLBACK_RULE
    assert (decision.mode, decision.body.code) == ("level", WUHUA.code)
    assert decision.follow_up == [
        "地址未能确定所在乡镇（街道），请核实地址",
        "没有规则能确定责任主体，已按登记层级暂定",
    ]
    city_lost = decide(rules_default(), dataclasses.replace(lost, level="全市性"), DIRECTORY)
    assert (city_lost.rule, city_lost.body.code) == ("city-wide", CITY.code)


RULES_2018 = """
version: kunming-2018
effective_from: 2018-07-01
title: 行业协会商会脱钩后
rules:
  - id: decoupled
    title: 脱钩的行业协会商会由市行业协会商会党委负责
    mode: 属条
    when: {legal_form: [社会团体], field: [行业协会商会]}
    not: {founder_kind: [党政机关]}
    body: {code: 530100-associations}
  - id: rest
    mode: 分级
    body: registration
"""


def test_a_rule_file_is_read_with_chinese_modes_and_negations() -> None:
    table = rules_load(RULES_2018, source="2018.yaml")
    associations = FakeBody("530100-associations", "昆明市行业协会商会党委", "industry", "530100")
    directory = FakeDirectory(CITY, WUHUA, associations)

    chamber = decide(table, subject(field="行业协会商会"), directory)
    organ_founded = decide(table, subject(field="行业协会商会", founder_kind="党政机关"), directory)

    assert (table.version, table.effective_from) == ("kunming-2018", dt.date(2018, 7, 1))
    assert (chamber.mode, chamber.body.code) == ("supervisor", associations.code)
    assert organ_founded.attempts[0].outcome == "排除条件成立：举办单位类型为「党政机关」"
    assert (organ_founded.rule, organ_founded.body.code) == ("rest", WUHUA.code)
    default = rules_default()
    assert table_for([default, table], dt.date(2018, 6, 30)) is default
    assert table_for([default, table], dt.date(2018, 7, 1)) is table


HEAD = "version: x\neffective_from: 2016-01-01\n"
ONE = "rules: [{id: a, mode: 属地, body: city}]"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "rules: []", "r.yaml：rules 应为至少一条规则的列表"),
        ("effective_from: 2016-01-01\n" + ONE, "r.yaml：缺少 version（规则版本名）"),
        ("version: x\neffective_from: 2016-13-01\n" + ONE,
         "r.yaml：effective_from（生效日期）应为 YYYY-MM-DD"),
        (HEAD + ONE.replace("属地", "属人"),
         "r.yaml 第1条规则（a）：mode 应为 属资/属条/属地/分级 之一，而不是「属人」"),
        (HEAD + ONE.replace("}]", ", when: {level: [省级]}}]"),
         "r.yaml 第1条规则（a）：level 的取值「省级」不在词表中"),
        (HEAD + ONE.replace("}]", ", when: {colour: [red]}}]"),
         "r.yaml 第1条规则（a）：未知条件「colour」"),
        (HEAD + ONE.replace("city", "street"),
         "r.yaml 第1条规则（a）：body 应为 founder / supervisor / township / county / city / "
         "registration 之一或 {code: 编号}，而不是「street」"),
        (HEAD + ONE.replace("}]", "}, {id: a, mode: 分级, body: city}]"),
         "r.yaml：规则编号重复：a"),
        ("version: [unclosed", "r.yaml：不是有效的 YAML"),
    ],
)  # fmt: skip
def test_a_bad_rule_file_is_refused_naming_the_rule_and_key(text: str, message: str) -> None:
    with pytest.raises(RulesError) as refused:
        rules_load(text, source="r.yaml")

    assert str(refused.value).startswith(message)


def test_the_shipped_rules_load() -> None:
    table = rules_default()

    assert table.version == "kunming-2016"
    assert table.effective_from == dt.date(2016, 1, 1)
    assert [rule.id for rule in table.rules] == [
        "lawyers", "accountants", "founder", "supervisor", "community", "city-wide",
        "county-level", "locality",
    ]  # fmt: skip
    assert table.department == "组织部"
