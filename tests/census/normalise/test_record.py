"""One row's fields as a department wrote them → the fields of a source record."""

import datetime as dt

from shezu.census.normalise.record import identifier_text, is_totals_row, normalise_row
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


def test_a_lost_code_is_kept_as_excel_shows_it_and_the_row_accepted():
    outcome = normalise_row(
        {"name": "云南八方律师事务所", "uscc": 9.153010012345678e17}, department="司法"
    )

    assert outcome.rejections == []
    assert (outcome.values["uscc"], outcome.values["uscc_valid"]) == ("9.15301E+17", False)
    assert outcome.values["org_code"] == "" and outcome.values["category"] == "律师事务所"
    assert [field for field, _ in outcome.warnings] == ["uscc"]


def test_a_taxpayer_number_that_lost_digits_does_not_lose_the_taxpayer():
    outcome = normalise_row(
        {"name": "昆明市摄影家协会", "tax_id": "5.15301E+17", "legal_rep": "张三"},
        department="税务",
    )

    assert outcome.rejections == []
    assert (outcome.values["tax_id"], outcome.values["tax_id_valid"]) == ("5.15301E+17", False)
    assert outcome.values["name"] == "昆明市摄影家协会"


def test_a_row_with_no_name_and_only_a_lost_code_is_rejected_with_both_reasons():
    outcome = normalise_row({"name": "", "uscc": "9.15301E+17"}, department="民政")

    assert [field for field, _ in outcome.rejections] == ["name", "uscc"]
    assert outcome.rejections[0][1] == (
        "缺少名称，也没有可用的代码，无法识别组织 (no name, no usable identifier)"
    )


def test_a_number_cell_is_shown_as_excel_shows_it_whichever_reader_gave_it():
    assert identifier_text(915301000000000000) == "9.15301E+17"  # openpyxl: an int
    assert identifier_text(9.153010012345678e17) == "9.15301E+17"  # calamine: a float
    assert identifier_text(1e17) == "1E+17"
    assert identifier_text(12345678.0) == "12345678"


def test_a_cell_too_long_for_any_code_is_left_in_the_raw_row_only():
    outcome = normalise_row(
        {"name": "昆明市摄影家协会", "uscc": "9" * 41, "org_code": "5301026000373412345.0"},
        department="民政",
    )

    assert outcome.rejections == []
    assert (outcome.values["uscc"], outcome.values["uscc_valid"]) == ("", None)
    assert (outcome.values["org_code"], outcome.values["org_code_valid"]) == ("", None)
    assert (
        "uscc",
        "统一社会信用代码长达41个字符，不是代码，只保留在原始数据中",
    ) in outcome.warnings


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
