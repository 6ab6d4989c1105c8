"""主记录: which source says what, what disagrees, what nobody gave, what the field team saw."""

import datetime as dt
from itertools import count
from typing import Any

import pytest

from shezu.census.register.golden import (
    GOLDEN_FIELDS,
    FieldFinding,
    SourceView,
    authority_department,
    golden_record,
    same_name,
)

D = dt.date
_ids = count(1)
CIVIL_DATE = D(2024, 6, 30)  # 民政's list is the newest
TAX_DATE = D(2023, 12, 31)

# A social group (社会团体) as 民政 registers it: every required field present.
ASSOCIATION: dict[str, Any] = {
    "name": "昆明市书法家协会",
    "uscc": "51530100MJ0000001X",
    "uscc_valid": True,
    "category": "社会团体",
    "level": "全市性",
    "registration_authority": "昆明市民政局",
    "supervisor": "昆明市文学艺术界联合会",
    "address": "五华区青年路100号",
    "county_code": "530102",
    "township": "华山街道",
    "community": "青年路社区",
    "legal_rep": "王芳",
    "phones": "0871-65123456",
    "established_on": D(2016, 3, 1),
    "status": "正常",
}


def source(
    department: str,
    row: int,
    as_of: D = CIVIL_DATE,
    file: str | None = None,
    **values: Any,
) -> SourceView:
    return SourceView(
        record_id=next(_ids),
        department=department,
        file=file or f"{department}.xlsx",
        row=row,
        as_of=as_of,
        values=values,
    )


def civil(row: int = 5, as_of: D = CIVIL_DATE, **changes: Any) -> SourceView:
    return source("民政", row, as_of, **{**ASSOCIATION, **changes})


def tax(row: int = 9, as_of: D = TAX_DATE, **values: Any) -> SourceView:
    return source("税务", row, as_of, file="税务.csv", **values)


def test_authority_follows_the_legal_form() -> None:
    assert authority_department("社会团体") == ("民政",)
    assert authority_department("基金会") == ("民政",)
    assert authority_department("律师事务所") == ("司法",)
    assert authority_department("公证处") == ("司法",)
    assert authority_department("会计师事务所") == ("财政", "工商")
    assert authority_department("其他中介组织") == ("工商",)
    assert authority_department("社区社会组织") == ("备案", "民政")
    assert authority_department("") == ()


def test_a_single_complete_registration_is_the_golden_record() -> None:
    golden = golden_record([civil()])

    assert list(golden.fields) == list(GOLDEN_FIELDS)
    assert golden.fields["name"] == "昆明市书法家协会"
    assert golden.fields["former_names"] == []
    assert golden.fields["established_on"] == "2016-03-01"
    assert golden.fields["status_date"] is None
    assert golden.fields["authority_department"] == "民政"
    assert golden.provenance["name"] == [
        {
            "value": "昆明市书法家协会",
            "department": "民政",
            "file": "民政.xlsx",
            "row": 5,
            "as_of": "2024-06-30",
            "record_id": golden.provenance["name"][0]["record_id"],
        }
    ]
    assert (golden.conflicts, golden.missing, golden.flags) == ([], [], [])


def test_a_renamed_organization_takes_the_new_name_and_the_new_registrations_status() -> None:
    # given 民政 lists the old registration (deregistered) and the new one under its new name
    old = civil(
        row=40,
        name="昆明市老年书画协会",
        status="注销",
        status_date=D(2019, 5, 1),
        uscc="",
        uscc_valid=None,
    )
    new = civil(
        row=12,
        name="昆明市老年书画研究会",
        former_name="昆明市老年书画协会",
        status="正常",
        status_date=D(2019, 5, 2),
    )

    golden = golden_record([old, new])

    assert golden.fields["name"] == "昆明市老年书画研究会"
    assert golden.fields["former_names"] == ["昆明市老年书画协会"]
    assert golden.fields["status"] == "正常"
    assert golden.fields["status_date"] == "2019-05-02"
    assert [p["row"] for p in golden.provenance["status"]] == [12, 40]
    assert golden.conflicts == []


def test_a_name_another_record_calls_former_loses_even_on_a_later_row() -> None:
    # given 民政 forgot to retire the old entry: both active, the old one further down
    old = civil(row=40, name="昆明市老年书画协会")
    new = civil(row=12, name="昆明市老年书画研究会", former_name="昆明市老年书画协会")

    golden = golden_record([old, new])

    assert golden.fields["name"] == "昆明市老年书画研究会"
    assert golden.fields["former_names"] == ["昆明市老年书画协会"]


def test_the_same_name_with_its_region_or_another_company_form_is_not_a_former_name() -> None:
    civil_record = civil(name="五华区摄影协会", former_name="五华区摄影爱好者协会")
    prefixed = tax(name="昆明市五华区摄影协会")

    golden = golden_record([civil_record, prefixed])

    assert golden.fields["former_names"] == ["五华区摄影爱好者协会"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("昆明市五华区摄影协会", "五华区摄影协会", True),
        ("云南美慧会计师事务所有限责任公司", "云南美慧会计师事务所有限公司", True),
        ("昆明市书法家协会", "五华区书法家协会", False),
        ("昆明市摄影家协会", "昆明市摄影协会", False),
    ],
)
def test_one_name_written_two_ways_is_the_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_the_tax_offices_older_legal_representative_does_not_replace_the_newer_one() -> None:
    golden = golden_record([civil(legal_rep="王芳"), tax(legal_rep="李强")])

    assert golden.fields["legal_rep"] == "王芳"
    assert [(p["value"], p["department"]) for p in golden.provenance["legal_rep"]] == [
        ("王芳", "民政"),
        ("李强", "税务"),
    ]
    assert golden.conflicts == []


def test_the_registered_legal_representative_wins_over_a_newer_tax_list() -> None:
    golden = golden_record([civil(legal_rep="王芳"), tax(as_of=D(2024, 9, 30), legal_rep="李强")])

    assert golden.fields["legal_rep"] == "王芳"
    assert golden.conflicts == []  # the tax office lagging behind is expected
    assert golden.flags == []


def test_another_registrar_naming_another_legal_representative_is_a_conflict() -> None:
    industry = source("工商", 3, D(2024, 9, 30), legal_rep="李强")

    golden = golden_record([civil(legal_rep="王芳"), industry])

    assert golden.fields["legal_rep"] == "王芳"
    assert golden.conflicts == [
        {
            "field": "legal_rep",
            "reason": "法定代表人不一致",
            "values": [
                {"value": "王芳", "sources": ["民政 民政.xlsx:5"]},
                {"value": "李强", "sources": ["工商 工商.xlsx:3"]},
            ],
        }
    ]
    assert golden.flags == ["conflict"]


def test_contact_details_on_the_same_date_come_from_the_authority_first() -> None:
    industry = source("工商", 3, D(2024, 6, 30), address="盘龙区北京路1号", phones="13888888888")

    golden = golden_record([industry, civil()])

    assert golden.fields["address"] == "五华区青年路100号"


def test_a_newer_tax_list_does_not_move_an_organization_the_registrar_placed() -> None:
    # given the tax office's list is newer, but still has the address the association left
    stale = tax(as_of=D(2024, 9, 30), address="西山区滇池路1942号", county_code="530112")

    golden = golden_record([civil(), stale])

    assert (golden.fields["address"], golden.fields["county_code"]) == (
        "五华区青年路100号",
        "530102",
    )
    assert golden_record([stale]).fields["address"] == "西山区滇池路1942号"


def test_a_tax_deregistration_does_not_end_an_active_registration() -> None:
    golden = golden_record([civil(status="正常"), tax(status="注销", status_date=D(2023, 1, 5))])

    assert golden.fields["status"] == "正常"
    assert golden.fields["status_date"] is None
    assert golden.conflicts == [
        {
            "field": "status",
            "reason": "登记机关与税务状态不一致",
            "values": [
                {"value": "正常", "sources": ["民政 民政.xlsx:5"]},
                {"value": "注销", "sources": ["税务 税务.csv:9"]},
            ],
        }
    ]


def test_phone_lists_that_share_no_number_are_a_conflict() -> None:
    golden = golden_record([civil(phones="0871-65123456"), tax(phones="13888888888,0871-63111111")])

    assert golden.conflicts == [
        {
            "field": "phones",
            "reason": "电话不一致",
            "values": [
                {"value": "0871-65123456", "sources": ["民政 民政.xlsx:5"]},
                {"value": "13888888888,0871-63111111", "sources": ["税务 税务.csv:9"]},
            ],
        }
    ]


def test_phone_lists_sharing_one_number_agree() -> None:
    golden = golden_record([civil(phones="0871-65123456"), tax(phones="13888888888,0871-65123456")])

    assert golden.conflicts == []
    assert golden.fields["phones"] == "0871-65123456"


def test_two_counties_are_a_conflict() -> None:
    golden = golden_record([civil(county_code="530102"), tax(county_code="530103")])

    assert golden.fields["county_code"] == "530102"
    assert golden.conflicts == [
        {
            "field": "county_code",
            "reason": "地址分属不同区县",
            "values": [
                {"value": "530102", "sources": ["民政 民政.xlsx:5"]},
                {"value": "530103", "sources": ["税务 税务.csv:9"]},
            ],
        }
    ]


def test_a_retired_county_code_is_the_same_county_as_its_successor() -> None:
    # 晋宁县 530122 became 晋宁区 530115
    golden = golden_record([civil(county_code="530115"), tax(county_code="530122")])

    assert golden.conflicts == []


def test_two_valid_credit_codes_are_a_conflict_and_an_invalid_one_is_never_taken() -> None:
    other = "51530100MJ0000002X"
    golden = golden_record([civil(uscc="51530100MJ000000", uscc_valid=False), tax(uscc=other)])
    assert golden.fields["uscc"] == ""  # tax gave no validity: not taken either

    golden = golden_record([civil(), tax(uscc=other, uscc_valid=True)])
    assert golden.fields["uscc"] == "51530100MJ0000001X"
    assert golden.conflicts[0]["reason"] == "统一社会信用代码不一致"


def test_required_fields_nobody_gave_are_listed_in_order() -> None:
    golden = golden_record([source("民政", 7, name="五华区摄影协会", category="社会团体")])

    assert golden.missing == [
        "level",
        "address",
        "county_code",
        "legal_rep",
        "phones",
        "established_on",
        "status",
        "uscc",
    ]
    assert golden.flags == ["missing"]


def test_a_filed_community_group_needs_no_credit_code() -> None:
    group = {**ASSOCIATION, "name": "青年路社区老年协会", "category": "社区社会组织"}
    filed = source("备案", 2, **{**group, "level": "城乡社区", "uscc": "", "uscc_valid": None})

    golden = golden_record([filed])

    assert golden.missing == []
    assert golden.fields["authority_department"] == "备案"


def test_a_registered_organization_with_an_address_needs_a_township() -> None:
    golden = golden_record([civil(township="")])

    assert golden.missing == ["township"]
    assert golden.flags == ["missing"]


def test_an_organization_in_a_management_zone_needs_no_township() -> None:
    zone = "昆明国家高新技术产业开发区"
    golden = golden_record([civil(address="高新区海源中路8号", township="", zone=zone)])

    assert golden.missing == []


def test_a_road_crossing_townships_flags_the_organization_with_the_candidates() -> None:
    crossing = ["大观街道", "丰宁街道"]
    golden = golden_record(
        [civil(address="五华区人民西路1500号", township="", township_candidates=crossing)]
    )

    assert golden.fields["township"] == ""
    assert golden.fields["township_candidates"] == crossing
    assert golden.flags == ["missing", "township_unresolved"]


def test_candidates_count_only_while_no_source_names_the_township() -> None:
    crossing = ["大观街道", "丰宁街道"]
    golden = golden_record(
        [
            civil(address="五华区人民西路1500号", township="", township_candidates=crossing),
            tax(address="五华区人民西路1500号", township="丰宁街道"),
        ]
    )

    assert golden.fields["township"] == "丰宁街道"
    assert golden.fields["township_candidates"] == []
    assert "township_unresolved" not in golden.flags


def test_an_organization_only_the_tax_office_lists_has_no_authority_record() -> None:
    golden = golden_record(
        [
            tax(
                name="昆明市某某培训学校",
                category="民办非企业单位",
                status="正常",
                legal_rep="赵六",
            )
        ]
    )

    assert golden.fields["name"] == "昆明市某某培训学校"
    assert golden.fields["authority_department"] == "民政"
    assert golden.fields["status"] == ""  # the tax office never decides existence
    assert golden.flags == ["missing", "no_authority_record"]


def test_the_tax_offices_category_counts_only_when_nobody_else_gave_one() -> None:
    golden = golden_record([civil(), tax(category="其他中介组织"), tax(category="其他中介组织")])

    assert golden.fields["category"] == "社会团体"


def test_a_finding_not_found_sets_the_status_with_its_source() -> None:
    finding = FieldFinding(
        verified_on=D(2024, 8, 15),
        result="查无此组织",
        corrections={},
        file="五华区核实.xlsx",
        row=3,
    )

    golden = golden_record([civil()], [finding])

    assert golden.fields["status"] == "查无此组织"
    assert golden.fields["status_date"] == "2024-08-15"
    assert golden.fields["verified_on"] == "2024-08-15"
    assert golden.provenance["status"][0] == {
        "value": "查无此组织",
        "department": "实地核实",
        "file": "五华区核实.xlsx",
        "row": 3,
        "as_of": "2024-08-15",
        "record_id": None,
    }
    assert golden.provenance["status"][1]["department"] == "民政"


def test_a_department_list_dated_after_the_visit_outweighs_the_finding() -> None:
    finding = FieldFinding(D(2024, 3, 1), "停止活动", {}, "核实.xlsx", 1)

    golden = golden_record([civil(as_of=D(2024, 6, 30))], [finding])

    assert golden.fields["status"] == "正常"


def test_found_active_does_not_revive_a_deregistered_organization() -> None:
    finding = FieldFinding(D(2024, 8, 15), "正常活动", {}, "核实.xlsx", 1)

    golden = golden_record([civil(status="注销", status_date=D(2024, 1, 2))], [finding])

    assert golden.fields["status"] == "注销"
    assert golden.fields["status_date"] == "2024-01-02"


@pytest.mark.parametrize(
    ("corrections", "expected"),
    [
        ({"legal_rep": "孙七"}, {"legal_rep": "孙七"}),
        ({"phones": "13999999999", "nickname": "x"}, {"phones": "13999999999"}),
    ],
)
def test_a_correction_overrides_the_fields_it_names(
    corrections: dict[str, str], expected: dict[str, str]
) -> None:
    finding = FieldFinding(D(2024, 8, 15), "信息更正", corrections, "核实.xlsx", 4)

    golden = golden_record([civil()], [finding])

    for name, value in expected.items():
        assert golden.fields[name] == value
        assert golden.provenance[name][0]["department"] == "实地核实"
    assert "nickname" not in golden.fields


def test_a_founder_noted_on_a_visit_that_found_it_at_work_is_kept_beside_the_status() -> None:
    corrections = {"founder": "昆明市文化馆", "founder_kind": "事业单位"}
    finding = FieldFinding(D(2024, 8, 15), "正常活动", corrections, "核实.xlsx", 5)

    golden = golden_record([civil()], [finding])

    assert (golden.fields["founder"], golden.fields["status"]) == ("昆明市文化馆", "正常")
    assert golden.provenance["founder"][0]["row"] == 5
    assert "founder_kind" not in golden.fields  # kept in the verification only


def test_a_corrected_name_keeps_the_old_one_as_former() -> None:
    finding = FieldFinding(D(2024, 8, 15), "信息更正", {"name": "昆明书法家协会"}, "核实.xlsx", 4)

    golden = golden_record([civil()], [finding])

    assert golden.fields["name"] == "昆明书法家协会"
    assert golden.fields["former_names"] == ["昆明市书法家协会"]
