"""The classification workbook (分类补充信息表): which organizations the counties are asked
about, and what they write back becoming facts the classifier prefers to the lists."""

import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shezu.affiliation.errors import AffiliationError
from shezu.affiliation.facts import HEADERS, facts_import, facts_template
from shezu.affiliation.models import OrganizationFact
from shezu.affiliation.queries import classifications_current
from shezu.census.api import IntakeError
from shezu.census.models import Organization
from tests.factories import PANLONG, OrganizationFactory, make_uscc, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

CALLIGRAPHY_USCC = make_uscc("51530102", "MJ000011")
KINDS = "党政机关、事业单位、人民团体、国有企业、民营企业、社会组织、个人"
FIELDS = (
    "行业协会商会、科技类、公益慈善类、城乡社区服务类、民办学校、民办医疗机构、养老服务、"
    "法律服务、财会服务、人力资源与中介、文化体育、其他"
)


@pytest.fixture
def register() -> None:
    """Organizations a county is asked about, and some it is not."""
    # A social group with no founder: its field the name tells (书法 → 文化体育).
    OrganizationFactory(
        org_id="KM0000011",
        name="五华区书法家协会",
        uscc=CALLIGRAPHY_USCC,
        township="华山街道",
        supervisor="五华区文学艺术界联合会",
    )
    # A 民非 whose founder the register knows, a law firm: nothing to ask.
    OrganizationFactory(
        org_id="KM0000012",
        name="五华区颐康养老服务中心",
        category="民办非企业单位",
        township="华山街道",
        founder="五华区民政局",
    )
    OrganizationFactory(
        org_id="KM0000013", name="云南某某律师事务所", category="律师事务所", county_code=PANLONG
    )
    # Names that give no field, in a county, city-wide, and with no county at all.
    OrganizationFactory(org_id="KM0000014", name="五华区老友联谊会", township="丰宁街道")
    OrganizationFactory(org_id="KM0000015", name="昆明市滇商发展促进会", level="全市性")
    OrganizationFactory(org_id="KM0000016", name="某某联谊会", county_code="")
    OrganizationFactory(org_id="KM0000018", name="盘龙区邻友联谊会", county_code=PANLONG)
    # Gone from every list: not asked about.
    OrganizationFactory(org_id="KM0000017", name="五华区旧友联谊会", active=False)


def sheet_rows(path: Path) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(path).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def listed(path: Path) -> list[str]:
    return [row[0] for row in sheet_rows(path)[2:]]


def fill_in(path: Path, out: Path, answers: dict[str, dict[str, str]]) -> Path:
    """What a county clerk does: fill in rows by 组织编号 below the header (row 2), save."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = {cell.value: cell.column for cell in sheet[2]}
    for row in sheet.iter_rows(min_row=3):
        for column, value in answers.get(row[0].value, {}).items():
            sheet.cell(row=row[0].row, column=header[column], value=value)
    workbook.save(out)
    return out


def facts() -> list[tuple[Any, ...]]:
    return list(
        OrganizationFact.objects.order_by("row_number").values_list(
            "org_id", "founder", "founder_kind", "supervisor", "field", "note", "row_number"
        )
    )


def classified(*org_ids: str) -> dict[str, Any]:
    return {record.org_id: result for record, result in classifications_current(org_ids)}


# ---------------------------------------------------------------------------
# Template


def test_the_template_lists_unknown_fields_and_founded_forms_without_founder_per_county(
    register, tmp_path
):
    written = facts_template(tmp_path / "分类补充.xlsx")

    assert [(path.name, rows) for path, rows in written] == [
        ("分类补充_市级.xlsx", 1),
        ("分类补充_五华区.xlsx", 2),
        ("分类补充_盘龙区.xlsx", 1),
        ("分类补充_区县不明.xlsx", 1),
    ]
    city, wuhua, panlong, unknown = (path for path, _ in written)
    assert listed(city) == ["KM0000015"]
    assert listed(wuhua) == ["KM0000014", "KM0000011"]  # 丰宁街道 before 华山街道
    assert listed(panlong) == ["KM0000018"]
    assert listed(unknown) == ["KM0000016"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p, _ in written)


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("530100", ["KM0000015"]),
        ("530102", ["KM0000014", "KM0000011"]),
        ("530103", ["KM0000018"]),
        ("530102001", ["KM0000011"]),  # 华山街道
        ("530102005", ["KM0000014"]),  # 丰宁街道
        ("530111", []),  # 官渡区: a workbook with no rows, still written
    ],
)
def test_an_area_writes_only_its_organizations_to_the_file_named(
    register, tmp_path, area, expected
):
    out = tmp_path / "五华区.xlsx"

    written = facts_template(out, area)

    assert written == [(out, len(expected))]
    assert listed(out) == expected


@pytest.mark.parametrize("area", ["5301", "530199", "530143", "530102999", "五华区"])
def test_an_area_that_is_no_kunming_code_is_refused_naming_it(register, tmp_path, area):
    with pytest.raises(AffiliationError, match=f"区划代码「{area}」"):
        facts_template(tmp_path / "x.xlsx", area)

    assert not (tmp_path / "x.xlsx").exists()


def test_the_template_has_a_title_fixed_headers_prefilled_text_and_drop_downs(register, tmp_path):
    path = facts_template(tmp_path / "分类补充.xlsx", "530102")[0][0]

    rows = sheet_rows(path)
    sheet = openpyxl.load_workbook(path).active

    assert rows[0][0].startswith("分类补充信息表（五华区，")
    assert "没有举办单位或业务主管单位的写“无”" in rows[0][0]
    assert (
        rows[1]
        == list(HEADERS)
        == [
            "组织编号",
            "名称",
            "统一社会信用代码",
            "举办单位",
            "举办单位类型",
            "业务主管单位",
            "行业类型",
            "备注",
        ]
    )
    assert rows[2:] == [
        ["KM0000014", "五华区老友联谊会", None, None, None, None, None, None],
        [
            "KM0000011",
            "五华区书法家协会",
            CALLIGRAPHY_USCC,
            None,
            None,
            "五华区文学艺术界联合会",
            "文化体育",
            None,
        ],
    ]
    assert sheet["C4"].data_type == "s"  # the credit code as text
    lists = {
        str(v.sqref): (v.formula1, v.errorStyle)
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
    }
    assert lists == {
        "E3:E104": ('"' + KINDS.replace("、", ",") + '"', "warning"),
        "G3:G104": ('"' + FIELDS.replace("、", ",") + '"', "warning"),
    }
    assert sheet.freeze_panes == "C3"
    assert sheet["D2"].fill.fgColor.rgb != sheet["A2"].fill.fgColor.rgb  # fill-in highlighted
    assert sheet["H2"].fill.fgColor.rgb == sheet["D2"].fill.fgColor.rgb


# ---------------------------------------------------------------------------
# Import: the round trip


@pytest.fixture
def returned(register, tmp_path) -> Path:
    """五华区's workbook back: a founder for the 书法家协会; for the 老友联谊会 a field,
    and neither a supervising unit nor a founder (无, 没有)."""
    wuhua = facts_template(tmp_path / "out" / "分类补充.xlsx", "530102")[0][0]
    return fill_in(
        wuhua,
        tmp_path / "五华区_已填.xlsx",
        {
            "KM0000011": {"举办单位": "五华区文化馆", "举办单位类型": "事业"},
            "KM0000014": {"行业类型": "文化", "业务主管单位": "无", "举办单位": "没有"},
        },
    )


def test_a_returned_workbook_becomes_facts_the_classification_cites_by_file_and_row(returned):
    report = facts_import(returned)

    assert (report.rows_read, report.applied, report.skipped) == (2, 2, 0)
    assert (report.rejected, report.warnings, report.duplicate_file) == ([], [], False)
    # The 书法家协会's supervising unit and field were pre-filled and left: no statement.
    assert facts() == [
        ("KM0000014", "无", "", "无", "文化体育", "", 3),
        ("KM0000011", "五华区文化馆", "事业单位", "", "", "", 4),
    ]
    fact = OrganizationFact.objects.get(org_id="KM0000011")
    assert (fact.file_name, fact.recorded_at is not None) == ("五华区_已填.xlsx", True)
    now = classified("KM0000011", "KM0000014")
    calligraphy, friends = now["KM0000011"], now["KM0000014"]
    assert (calligraphy.founder, calligraphy.founder_kind, calligraphy.origin) == (
        "五华区文化馆",
        "事业单位",
        "官办",
    )
    assert calligraphy.evidence["founder"] == "补充信息表 五华区_已填.xlsx:4"
    assert calligraphy.evidence["founder_kind"] == "补充信息表 五华区_已填.xlsx:4"
    assert calligraphy.evidence["supervisor"] == "登记信息：业务主管单位"
    assert (friends.field, friends.evidence["field"]) == (
        "文化体育",
        "补充信息表 五华区_已填.xlsx:3",
    )
    assert (friends.supervisor, friends.evidence["supervisor"]) == (
        "",
        "补充信息表 五华区_已填.xlsx:3：无业务主管单位",
    )
    assert (friends.founder, friends.evidence["founder"]) == (
        "",
        "补充信息表 五华区_已填.xlsx:3：无举办单位",
    )


def test_organizations_the_county_answered_for_leave_the_next_template(returned, tmp_path):
    facts_import(returned)

    written = facts_template(tmp_path / "again" / "分类补充.xlsx")

    assert [(path.name, rows) for path, rows in written] == [
        ("分类补充_市级.xlsx", 1),
        ("分类补充_盘龙区.xlsx", 1),
        ("分类补充_区县不明.xlsx", 1),
    ]


def test_a_workbook_returned_untouched_stores_nothing(register, tmp_path):
    wuhua = facts_template(tmp_path / "分类补充.xlsx", "530102")[0][0]

    report = facts_import(wuhua)

    assert (report.rows_read, report.applied, report.skipped) == (2, 0, 2)
    assert facts() == []


def test_a_stated_none_outweighs_the_supervising_unit_the_lists_still_give(register, tmp_path):
    path = write_csv(
        tmp_path / "脱钩.csv", [["组织编号", "业务主管单位"], ["KM0000011", "无业务主管单位"]]
    )

    facts_import(path)

    calligraphy = classified("KM0000011")["KM0000011"]
    assert facts() == [("KM0000011", "", "", "无", "", "", 2)]
    assert (calligraphy.supervisor, calligraphy.evidence["supervisor"]) == (
        "",
        "补充信息表 脱钩.csv:2：无业务主管单位",
    )


def test_a_stated_none_is_prefilled_as_such_and_sent_back_unchanged_says_nothing_new(
    register, tmp_path
):
    path = write_csv(
        tmp_path / "盘龙区.csv",
        [
            ["组织编号", "举办单位", "备注"],
            ["KM0000018", "无", ""],
            ["KM0000017", "", "已停止活动"],
        ],
    )
    report = facts_import(path)
    template = facts_template(tmp_path / "盘龙区.xlsx", "530103")[0][0]

    again = facts_import(template)

    assert report.warnings == [(3, "组织编号", "KM0000017 已不在名录中（各部门名单都已不再列出）")]
    assert sheet_rows(template)[2] == ["KM0000018", "盘龙区邻友联谊会", None, "无"] + [None] * 4
    assert (again.rows_read, again.applied, again.skipped) == (1, 0, 1)
    assert facts() == [
        ("KM0000018", "无", "", "", "", "", 2),
        ("KM0000017", "", "", "", "", "已停止活动", 3),
    ]


def test_the_same_workbook_twice_writes_nothing_the_second_time(returned):
    facts_import(returned)

    report = facts_import(returned)

    assert report.duplicate_file
    assert (report.rows_read, report.applied) == (0, 0)
    assert OrganizationFact.objects.count() == 2


# ---------------------------------------------------------------------------
# Import: matching, bad rows and bad files

# As a county sends it back: a title row, the columns moved.
MOVED = [
    "名称",
    "组织编号",
    "行业类型",
    "举办单位类型",
    "举办单位",
    "业务主管单位",
    "统一社会信用代码",
    "备注",
]


def moved_row(**cells: str) -> list[str]:
    labels = {
        "name": "名称",
        "org_id": "组织编号",
        "field": "行业类型",
        "kind": "举办单位类型",
        "founder": "举办单位",
        "supervisor": "业务主管单位",
        "uscc": "统一社会信用代码",
        "note": "备注",
    }
    given = {labels[key]: value for key, value in cells.items()}
    return [given.get(header, "") for header in MOVED]


@pytest.fixture
def mixed(register, tmp_path) -> Path:
    spaced = " ".join(re.findall(".{1,4}", CALLIGRAPHY_USCC.lower()))
    return write_xlsx(
        tmp_path / "五华区_退回.xlsx",
        [
            ["五华区分类补充信息（已核对）"],
            MOVED,
            moved_row(org_id="KM0000011", kind="机关单位", founder="五华区文联"),
            moved_row(org_id="KM9999999", field="文化"),
            moved_row(org_id="km0000014", name="五华区老友联谊会", field="体育"),
            moved_row(org_id="KM0000018", name="盘龙区邻友联谊会"),
            moved_row(name="昆明市滇商发展促进会", founder="昆明市工商业联合会", kind="群团"),
            moved_row(uscc=spaced, founder="五华区文联"),
            moved_row(field="奇怪"),
            moved_row(org_id="KM0000014", name="五华区老朋友联谊会", field="文化体育"),
        ],
    )


def test_bad_rows_are_rejected_by_row_and_column_and_the_good_ones_written(mixed):
    report = facts_import(mixed)

    assert report.rejected == [
        (3, "举办单位类型", f"举办单位类型应为 {KINDS} 之一，而不是「机关单位」"),
        (4, "组织编号", "没有编号为 KM9999999 的社会组织"),
        (9, "组织编号", "未填写组织编号、统一社会信用代码或名称"),
        (9, "行业类型", f"行业类型应为 {FIELDS} 之一，而不是「奇怪」"),
    ]
    assert report.warnings == [
        (
            10,
            "名称",
            "名称「五华区老朋友联谊会」与名录中的「五华区老友联谊会」不同，已按组织编号记录",
        ),
        (10, "组织编号", "此组织已在本文件第5行填写，以本行为准"),
    ]
    assert (report.rows_read, report.applied, report.skipped) == (8, 3, 1)
    # Row 7 found by name, row 8 by a credit code typed in lower case with spaces; row 10
    # replaced row 5 for the same organization.
    assert facts() == [
        ("KM0000015", "昆明市工商业联合会", "人民团体", "", "", "", 7),
        ("KM0000011", "五华区文联", "", "", "", "", 8),
        ("KM0000014", "", "", "", "文化体育", "", 10),
    ]


def test_a_name_several_organizations_share_or_an_unknown_code_is_rejected(register, tmp_path):
    OrganizationFactory(org_id="KM0000021", name="同名协会", county_code=PANLONG)
    OrganizationFactory(org_id="KM0000022", name="同名协会")
    path = write_csv(
        tmp_path / "同名.csv",
        [
            ["名称", "统一社会信用代码", "备注"],
            ["同名协会", "", "两个区都有"],
            ["", "51530102MJ0000999", "代码写错"],
        ],
    )

    report = facts_import(path)

    assert report.rejected == [
        (2, "名称", "名录中没有唯一一个名为「同名协会」的社会组织，请填写组织编号"),
        (
            3,
            "统一社会信用代码",
            "名录中没有唯一一个统一社会信用代码为 51530102MJ0000999 的社会组织",
        ),
    ]
    assert facts() == []


def test_a_code_the_register_lacks_falls_back_to_the_name_with_a_note(register, tmp_path):
    # The department listed it without a code; the county writes the one on the certificate.
    OrganizationFactory(org_id="KM0000023", name="东诚体育俱乐部", uscc="")
    OrganizationFactory(org_id="KM0000024", name="五华区晨光合唱团", uscc="")
    path = write_csv(
        tmp_path / "补充.csv",
        [
            ["名称", "统一社会信用代码", "行业类型"],
            ["五华区晨光合唱团", "52530102MJ00001234", "其他"],
            ["昆明市五华区东诚体育俱乐部", "", "其他"],
        ],
    )

    report = facts_import(path)

    assert report.rejected == []
    assert report.warnings == [
        (2, "统一社会信用代码", "名录中没有统一社会信用代码 52530102MJ00001234；按名称找到 "
                              "KM0000024，其代码为 （无），请核对"),
        (3, "名称", "按核心名称找到 KM0000023「东诚体育俱乐部」，请核对"),
    ]  # fmt: skip
    assert [row[0] for row in facts()] == ["KM0000024", "KM0000023"]


def test_an_absorbed_id_stands_for_the_organization_that_absorbed_it(register, tmp_path):
    calligraphy = Organization.objects.get(org_id="KM0000011")
    OrganizationFactory(
        org_id="KM0000019", name="五华区书法协会", active=False, merged_into=calligraphy
    )
    path = write_csv(tmp_path / "并入.csv", [["组织编号", "备注"], ["KM0000019", "原书法协会"]])

    report = facts_import(path)

    assert (report.applied, report.warnings) == (1, [])
    assert facts() == [("KM0000011", "", "", "", "", "原书法协会", 2)]


def test_an_unreadable_file_writes_nothing(returned, tmp_path):
    whole = returned.read_bytes()
    truncated = tmp_path / "截断.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(IntakeError) as caught:
        facts_import(truncated)

    assert caught.value.file == "截断.xlsx"
    assert "Excel 文件已损坏或不完整" in caught.value.message
    assert OrganizationFact.objects.count() == 0


def test_a_sheet_without_the_workbooks_headers_is_refused(register, tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", [["组织编号", "名称"], ["KM0000011", "x"]])

    with pytest.raises(IntakeError, match="找不到分类补充信息表的表头"):
        facts_import(path)

    assert OrganizationFact.objects.count() == 0


# ---------------------------------------------------------------------------
# Commands


def test_assign_facts_template_prints_each_workbook_with_its_rows(register, tmp_path):
    out = io.StringIO()

    call_command("assign_facts_template", str(tmp_path / "分类补充.xlsx"), stdout=out)

    printed = out.getvalue()
    for name, rows in [("市级", 1), ("五华区", 2), ("盘龙区", 1), ("区县不明", 1)]:
        assert re.search(rf"分类补充_{name}\.xlsx\s*│\s*{rows}\s*│", printed), name
    assert re.search(r"合计 total\s*│\s*5\s*│", printed)
    assert f"文件在 {tmp_path}" in printed
    assert "数据库 database:" in printed


def test_assign_facts_template_refuses_a_bad_area_in_one_line(register, tmp_path):
    with pytest.raises(CommandError, match="区划代码「5301」不是昆明市"):
        call_command(
            "assign_facts_template",
            str(tmp_path / "x.xlsx"),
            "--area",
            "5301",
            stdout=io.StringIO(),
        )


def test_assign_facts_import_prints_counts_rejected_rows_and_warnings(mixed):
    out = io.StringIO()

    call_command("assign_facts_import", str(mixed), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "五华区_退回.xlsx: 读取 8 行，写入 3 行，退回 3 行，未填写或无变化 1 行"
    assert lines[1] == (
        f"  退回 第3行 「举办单位类型」：举办单位类型应为 {KINDS} 之一，而不是「机关单位」"
    )
    assert "  退回 第4行 「组织编号」：没有编号为 KM9999999 的社会组织" in lines
    assert "  提示 第10行 「组织编号」：此组织已在本文件第5行填写，以本行为准" in lines
    assert lines[-1].startswith("数据库 database:")
    assert OrganizationFact.objects.count() == 3


def test_assign_facts_import_reports_as_json_and_a_second_time_as_duplicate(mixed):
    first, second = io.StringIO(), io.StringIO()

    call_command("assign_facts_import", str(mixed), "--json", stdout=first)
    call_command("assign_facts_import", str(mixed), stdout=second)

    report = json.loads(first.getvalue())
    assert (report["applied"], report["skipped"], len(report["rejected"])) == (3, 1, 4)
    assert "此文件已导入过，未做任何更改" in second.getvalue()
    assert OrganizationFact.objects.count() == 3
