"""台账: the register as a spreadsheet people can sort, filter and send back."""

import datetime as dt
from pathlib import Path

import openpyxl

from shezu.census.register.golden import Golden, SourceView, golden_record
from shezu.census.register.ledger import COLUMNS, LedgerRow, ledger_write

HEADERS = [
    "组织编号",
    "名称",
    "曾用名",
    "统一社会信用代码",
    "组织机构代码",
    "类型",
    "层级",
    "登记管理机关",
    "业务主管单位",
    "举办单位",
    "区县",
    "乡镇街道",
    "社区",
    "地址",
    "法定代表人",
    "联系电话",
    "成立日期",
    "状态",
    "状态日期",
    "来源部门",
    "来源记录数",
    "来源记录",
    "冲突",
    "缺项",
    "核实提示",
]


def association_sources() -> list[SourceView]:
    civil = SourceView(
        record_id=1,
        department="民政",
        file="民政.xlsx",
        row=5,
        as_of=dt.date(2024, 6, 30),
        values={
            "name": "昆明市书法家协会",
            "former_name": "昆明书法协会",
            "uscc": "51530100MJ0000001X",
            "uscc_valid": True,
            "category": "社会团体",
            "level": "全市性",
            "registration_authority": "昆明市民政局",
            "address": "五华区青年路100号",
            "county_code": "530102",
            "township": "华山街道",
            "legal_rep": "王芳",
            "phones": "0871-65123456",
            "established_on": dt.date(2016, 3, 1),
            "status": "正常",
        },
    )
    tax = SourceView(
        record_id=2,
        department="税务",
        file="税务.csv",
        row=9,
        as_of=dt.date(2023, 12, 31),
        values={"name": "昆明市书法家协会", "phones": "13888888888"},
    )
    return [civil, tax]


def association() -> LedgerRow:
    return LedgerRow(
        org_id="KM0000001",
        golden=golden_record(association_sources()),
        sources=["民政 民政.xlsx:5", "税务 税务.csv:9"],
        departments=["民政", "税务"],
    )


def tax_only() -> LedgerRow:
    golden = Golden(
        fields={"name": "昆明市某某培训学校", "authority_department": "民政"},
        provenance={},
        missing=["uscc", "status"],
        flags=["missing", "no_authority_record", "weak_link"],
    )
    return LedgerRow("KM0000002", golden, ["税务 税务.csv:10"], ["税务"])


def test_the_ledger_has_a_row_per_organization_under_chinese_headers(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"

    written = ledger_write(out, [association(), tax_only()], today=dt.date(2024, 9, 1))

    assert written == 2
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["台账", "说明"]
    sheet = book["台账"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Y3"


def test_a_row_shows_the_golden_record_with_codes_as_text_and_dates_as_dates(
    tmp_path: Path,
) -> None:
    out = tmp_path / "台账.xlsx"
    ledger_write(out, [association()], today=dt.date(2024, 9, 1))

    row = {h: c for h, c in zip(HEADERS, openpyxl.load_workbook(out)["台账"][2], strict=True)}

    assert row["组织编号"].value == "KM0000001"
    assert row["名称"].value == "昆明市书法家协会"
    assert row["曾用名"].value == "昆明书法协会"
    assert row["统一社会信用代码"].value == "51530100MJ0000001X"
    assert row["统一社会信用代码"].data_type == "s"
    assert row["区县"].value == "五华区"
    assert row["联系电话"].value == "0871-65123456"
    assert row["联系电话"].data_type == "s"
    assert isinstance(row["成立日期"].value, dt.datetime)  # a real Excel date, not text
    assert row["成立日期"].value.date() == dt.date(2016, 3, 1)
    assert row["成立日期"].number_format == "yyyy-mm-dd"
    assert row["状态"].value == "正常"
    assert row["状态日期"].value is None
    assert row["来源部门"].value == "民政、税务"
    assert row["来源记录数"].value == 2
    assert row["来源记录"].value == "民政 民政.xlsx:5；税务 税务.csv:9"
    assert row["冲突"].value == "电话不一致（民政 0871-65123456；税务 13888888888）"
    assert row["缺项"].value is None
    assert row["核实提示"].value == "核实冲突项"


def test_missing_fields_and_hints_read_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    ledger_write(out, [tax_only()], today=dt.date(2024, 9, 1))

    row = [cell.value for cell in openpyxl.load_workbook(out)["台账"][2]]

    assert row[HEADERS.index("缺项")] == "统一社会信用代码、状态"
    assert row[HEADERS.index("核实提示")] == (
        "民政无此组织记录，核实是否存在、是否已登记；关联证据较弱，核实各来源是否同一组织；补齐缺项"
    )


def test_the_conflict_cell_shows_each_conflicting_value_with_its_departments(
    tmp_path: Path,
) -> None:
    industry = SourceView(
        record_id=3,
        department="工商",
        file="工商.xlsx",
        row=4,
        as_of=dt.date(2024, 1, 31),
        values={"name": "昆明市书法家协会", "county_code": "530103", "phones": "13900000000"},
    )
    golden = golden_record([*association_sources(), industry])
    out = tmp_path / "台账.xlsx"
    ledger_write(out, [LedgerRow("KM0000001", golden, [], ["民政", "工商", "税务"])])

    cells = [cell.value for cell in openpyxl.load_workbook(out)["台账"][2]]

    assert cells[HEADERS.index("冲突")] == (
        "电话不一致（民政 0871-65123456；工商 13900000000；税务 13888888888）；"
        "地址分属不同区县（民政 五华区；工商 盘龙区）"
    )


def test_an_unresolved_township_asks_the_field_team_to_check_it(tmp_path: Path) -> None:
    street = SourceView(
        record_id=4,
        department="民政",
        file="民政.xlsx",
        row=8,
        as_of=dt.date(2024, 6, 30),
        values={
            "name": "昆明市围棋协会",
            "category": "社会团体",
            "address": "五华区人民西路1500号",
            "county_code": "530102",
            "township_candidates": ["大观街道", "丰宁街道"],
        },
    )
    out = tmp_path / "台账.xlsx"
    ledger_write(out, [LedgerRow("KM0000003", golden_record([street]), [], ["民政"])])

    cells = [cell.value for cell in openpyxl.load_workbook(out)["台账"][2]]

    assert cells[HEADERS.index("乡镇街道")] is None
    assert "乡镇街道" in cells[HEADERS.index("缺项")].split("、")
    assert cells[HEADERS.index("核实提示")] == (
        "补齐缺项；道路跨大观街道、丰宁街道，核实所在乡镇街道"
    )


def test_the_notes_sheet_gives_the_run_date_and_every_column(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    ledger_write(out, [], today=dt.date(2024, 9, 1))

    notes = openpyxl.load_workbook(out)["说明"]

    assert notes["A1"].value == "生成日期"
    assert notes["B1"].value.date() == dt.date(2024, 9, 1)
    assert [notes.cell(row, 1).value for row in range(4, 4 + len(COLUMNS))] == HEADERS


def test_an_empty_register_writes_only_the_header(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"

    assert ledger_write(out, iter(())) == 0
    assert openpyxl.load_workbook(out)["台账"].auto_filter.ref == "A1:Y1"
