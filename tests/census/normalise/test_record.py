"""One row's fields as a department wrote them → the fields of a source record."""

import datetime as dt

from shezu.census.normalise.record import is_totals_row, normalise_row
from tests.factories import make_uscc

LAW_FIRM = make_uscc("31530000", "MD000001")


def test_a_tax_row_is_normalised_field_by_field():
    outcome = normalise_row(
        {
            "name": "昆明市 盘龙区（筹）摄影家协会 ",
            "tax_id": "530103" + LAW_FIRM[8:17],
            "legal_rep": "张 三",
            "phone": "0871 6512 3456，138 8888 8888",
            "established_on": "2016年3月1日",
            "status": "存续",
            "staff_count": "12人",
            "address": "云南省昆明市晋宁县昆阳街道月山路一百二十号",
        },
        department="税务",
    )

    values = outcome.values
    assert outcome.rejections == []
    assert (values["name"], values["in_preparation"]) == ("昆明市盘龙区摄影家协会", True)
    assert (values["tax_id"], values["org_code"], values["org_code_source"]) == (
        "530103" + LAW_FIRM[8:17],
        LAW_FIRM[8:17],
        "tax_id",
    )
    assert (values["legal_rep"], values["phones"]) == ("张三", "0871-65123456,13888888888")
    assert (values["established_on"], values["status"], values["staff_count"]) == (
        dt.date(2016, 3, 1),
        "正常",
        12,
    )
    assert (values["county_code"], values["township"]) == ("530115", "昆阳街道")
    assert values["address"] == "晋宁区昆阳街道月山路120号"
    assert (values["category"], values["category_inferred"]) == ("社会团体", True)


def test_values_that_cannot_be_read_are_kept_with_a_warning_and_the_row_accepted():
    outcome = normalise_row(
        {
            "name": "昆明市书法家协会",
            "uscc": "51530100MJY0000100",
            "staff_count": "十几个",
            "established_on": "2016-02-30",
        },
        department="民政",
    )

    assert outcome.rejections == []
    assert outcome.values["uscc"] == "51530100MJY0000100" and outcome.values["uscc_valid"] is False
    assert outcome.values["staff_count"] is None
    assert {field for field, _ in outcome.warnings} == {"uscc", "staff_count", "established_on"}


def test_a_lost_code_is_a_warning_when_another_identifier_names_the_organization():
    outcome = normalise_row(
        {"name": "云南八方律师事务所", "uscc": 9.15301e17, "license_no": "15301200910123456"},
        department="司法",
    )

    assert outcome.rejections == []
    assert outcome.values["uscc"] == "" and outcome.values["license_no"] == "15301200910123456"
    assert [field for field, _ in outcome.warnings] == ["uscc"]


def test_totals_rows_are_recognised_but_an_organization_named_like_one_is_not():
    assert is_totals_row(["合计", "", 1350])
    assert is_totals_row(["总 计：", 42])
    assert not is_totals_row([17, "合计协会", "五华区", "65123456"])


def test_an_address_on_a_road_crossing_townships_is_kept_with_a_warning_naming_them():
    outcome = normalise_row(
        {"name": "昆明市书法家协会", "address": "昆明市五华区人民西路1500号"}, department="民政"
    )

    assert outcome.rejections == []
    assert (outcome.values["county_code"], outcome.values["township"]) == ("530102", "")
    assert outcome.values["township_candidates"] == ["大观街道", "丰宁街道"]
    message = "道路跨大观街道、丰宁街道，门牌号无法判定所属乡镇街道 (road crosses townships)"
    assert outcome.warnings == [("township", message)]


def test_an_address_whose_road_lies_in_one_township_gets_it_without_a_warning():
    outcome = normalise_row(
        {"name": "昆明市书法家协会", "address": "五华区王筇路8号"}, department="民政"
    )

    assert (outcome.values["township"], outcome.values["address_confidence"]) == ("普吉街道", 0.85)
    assert outcome.values["township_candidates"] == []
    assert outcome.warnings == []
