"""Field verification: tasks out to the field teams per county and industry, findings back in."""

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from shezu.census.errors import IntakeError
from shezu.census.models import Organization, OrganizationEvent, Verification, VerificationTask
from shezu.census.register.queries import organizations_search
from shezu.census.verification.queries import organization_reasons
from shezu.census.verification.services import tasks_build, verify_import
from shezu.census.verification.workbooks import EXPORT_COLUMNS, tasks_export
from tests.factories import (
    PANLONG,
    WUHUA,
    OrganizationFactory,
    make_uscc,
    write_csv,
    write_xlsx,
)

PHONE_CONFLICT = {
    "field": "phones",
    "reason": "电话不一致",
    "values": [
        {"value": "0871-65123456", "sources": ["民政 民政.xlsx:3"]},
        {"value": "13888888888", "sources": ["税务 税务.csv:9", "工商 工商.xls:4"]},
    ],
}
CALLIGRAPHY_USCC = make_uscc("51530102", "MJ000001")


@pytest.fixture
def register() -> dict[str, Organization]:
    """五华区 and 盘龙区 organizations with reasons to check, city-wide ones, and some without."""
    calligraphy = OrganizationFactory(
        org_id="KM0000001",
        name="五华区书法家协会",
        uscc=CALLIGRAPHY_USCC,
        township="华山街道",
        address="五华区华山西路1号",
        phones="0871-65123456",
        flags=["conflict", "missing"],
        conflicts=[PHONE_CONFLICT],
        missing=["legal_rep", "established_on"],
        provenance={"phones": [{"value": "0871-65123456", "department": "民政"}]},
    )
    photography = OrganizationFactory(
        org_id="KM0000002",
        name="昆明市摄影家协会",
        level="全市性",
        supervisor="昆明市文学艺术界联合会",
        flags=["weak_link"],
    )
    elders = OrganizationFactory(
        org_id="KM0000003",
        name="翠湖社区老年协会",
        category="社区社会组织",
        level="城乡社区",
        township="华山街道",
        flags=["no_authority_record"],
    )
    schools = OrganizationFactory(
        org_id="KM0000004",
        name="昆明市民办教育协会",
        level="全市性",
        supervisor="市教育局/市体育局",
        flags=["missing"],
        missing=["phones"],
    )
    OrganizationFactory(org_id="KM0000005", name="五华区摄影协会", flags=[])
    OrganizationFactory(org_id="KM0000006", name="已消失的协会", flags=["weak_link"], active=False)
    OrganizationFactory(
        org_id="KM0000007", name="五华区书法协会", flags=["weak_link"], merged_into=calligraphy
    )
    lawyers = OrganizationFactory(
        org_id="KM0000008",
        name="云南某某律师事务所",
        category="律师事务所",
        county_code=PANLONG,
        township="拓东街道",
        flags=["weak_link"],
    )
    return {
        "calligraphy": calligraphy,
        "photography": photography,
        "elders": elders,
        "schools": schools,
        "lawyers": lawyers,
    }


def open_tasks() -> dict[str, VerificationTask]:
    return {
        task.organization.org_id: task
        for task in VerificationTask.objects.filter(open=True).select_related("organization")
    }


def sheet_rows(path: Path) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(path).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def database_state() -> tuple[object, ...]:
    return (
        Verification.objects.count(),
        OrganizationEvent.objects.count(),
        VerificationTask.objects.filter(open=True).count(),
        sorted(Organization.objects.values_list("org_id", "status", "fields", "provenance")),
    )


# ---------------------------------------------------------------------------
# Tasks


@pytest.mark.django_db
def test_organizations_with_reasons_get_one_open_task_each_with_chinese_reasons(register):
    opened = tasks_build()

    tasks = open_tasks()
    assert opened == 5
    assert sorted(tasks) == ["KM0000001", "KM0000002", "KM0000003", "KM0000004", "KM0000008"]
    assert tasks["KM0000001"].reasons == [
        "电话不一致（民政 0871-65123456；税务/工商 13888888888）",
        "缺少：法定代表人、成立日期",
    ]
    assert tasks["KM0000002"].reasons == ["关联证据较弱"]
    assert tasks["KM0000003"].reasons == ["登记机关名单中没有此组织"]
    assert tasks["KM0000004"].reasons == ["缺少：联系电话"]


def test_an_organization_the_newest_list_dropped_is_checked_for_having_vanished():
    dropped = Organization(org_id="KM0000009", flags=["vanished"], fields={}, missing=[])

    assert organization_reasons(dropped) == ["部门最新名单已不再列出此组织"]


@pytest.mark.django_db
def test_a_task_carries_county_level_and_industry_supervisor_first_then_category(register):
    tasks_build()

    tasks = open_tasks()
    photography, elders = tasks["KM0000002"], tasks["KM0000003"]
    assert (photography.level, photography.industry) == ("全市性", "昆明市文学艺术界联合会")
    assert (elders.county_code, elders.level, elders.industry) == (
        WUHUA,
        "城乡社区",
        "社区社会组织",
    )


@pytest.mark.django_db
def test_building_tasks_twice_creates_and_changes_nothing(register):
    tasks_build()
    before = list(VerificationTask.objects.values_list("pk", "open", "reasons", "updated_at"))

    assert tasks_build() == 0

    after = list(VerificationTask.objects.values_list("pk", "open", "reasons", "updated_at"))
    assert after == before


@pytest.mark.django_db
def test_a_task_follows_new_reasons_and_closes_when_nothing_is_left_to_check(register):
    tasks_build()
    lawyers_task = open_tasks()["KM0000008"]
    Organization.objects.filter(org_id="KM0000008").update(flags=["weak_link", "missing"])
    Organization.objects.filter(org_id="KM0000008").update(missing=["legal_rep"])
    Organization.objects.filter(org_id="KM0000002").update(flags=[])
    Organization.objects.filter(org_id="KM0000003").update(active=False)

    assert tasks_build() == 0

    tasks = open_tasks()
    assert sorted(tasks) == ["KM0000001", "KM0000004", "KM0000008"]
    assert tasks["KM0000008"].pk == lawyers_task.pk
    assert tasks["KM0000008"].reasons == ["缺少：法定代表人", "关联证据较弱"]


def test_reasons_show_county_names_and_skip_fields_filled_since():
    candidate = Organization(
        org_id="KM0000009",
        fields={"legal_rep": "李四"},
        conflicts=[
            {
                "field": "county_code",
                "reason": "地址分属不同区县",
                "values": [
                    {"value": WUHUA, "sources": ["民政 a.xlsx:1"]},
                    {"value": PANLONG, "sources": ["税务 b.csv:2"]},
                ],
            }
        ],
        missing=["legal_rep", "phones"],
        flags=["conflict", "missing"],
    )

    assert organization_reasons(candidate) == [
        "地址分属不同区县（民政 五华区；税务 盘龙区）",
        "缺少：联系电话",
    ]


def test_an_unresolved_township_is_a_reason_naming_the_candidates():
    candidate = Organization(
        org_id="KM0000010",
        fields={"address": "五华区人民西路1500号", "township_candidates": ["大观街道", "丰宁街道"]},
        missing=["township"],
        flags=["missing", "township_unresolved"],
    )

    assert organization_reasons(candidate) == [
        "缺少：乡镇街道",
        "道路跨多个乡镇街道，门牌号无法判定所在乡镇街道（大观街道、丰宁街道）",
    ]


# ---------------------------------------------------------------------------
# Export


@pytest.mark.django_db
def test_tasks_export_one_workbook_per_county_and_per_city_wide_industry(register, tmp_path):
    tasks_build()

    written = tasks_export(tmp_path / "核实")

    assert [(path.name, count) for path, count in written] == [
        ("核实任务_五华区.xlsx", 2),
        ("核实任务_盘龙区.xlsx", 1),
        ("核实任务_市级_市教育局_市体育局.xlsx", 1),
        ("核实任务_市级_昆明市文学艺术界联合会.xlsx", 1),
    ]
    assert all(path.parent == tmp_path / "核实" and path.is_file() for path, _ in written)


@pytest.mark.django_db
def test_a_county_workbook_lists_its_organizations_by_level_with_text_codes(register, tmp_path):
    tasks_build()
    path = tasks_export(tmp_path)[0][0]

    rows = sheet_rows(path)

    assert rows[0] == EXPORT_COLUMNS
    assert rows[0][12:] == [
        "核实结果",
        "核实日期",
        "更正名称",
        "更正地址",
        "更正电话",
        "更正法定代表人",
        "举办单位",
        "举办单位类型",
        "核实人",
        "备注",
    ]
    header = {name: index for index, name in enumerate(rows[0])}
    assert [(row[0], row[header["层级"]]) for row in rows[1:]] == [
        ("KM0000001", "县级"),
        ("KM0000003", "城乡社区"),
    ]
    calligraphy = dict(zip(rows[0], rows[1], strict=True))
    assert calligraphy["统一社会信用代码"] == CALLIGRAPHY_USCC
    assert isinstance(calligraphy["统一社会信用代码"], str)
    assert calligraphy["联系电话"] == "0871-65123456"
    assert calligraphy["区县"] == "五华区"
    assert calligraphy["乡镇街道"] == "华山街道"
    assert calligraphy["核实原因"].startswith("电话不一致")
    assert calligraphy["核实结果"] is None


@pytest.mark.django_db
def test_the_result_column_offers_the_five_results_and_the_header_stays_put(register, tmp_path):
    tasks_build()
    path = tasks_export(tmp_path)[0][0]

    sheet = openpyxl.load_workbook(path).active

    result_column = openpyxl.utils.get_column_letter(EXPORT_COLUMNS.index("核实结果") + 1)
    kind_column = openpyxl.utils.get_column_letter(EXPORT_COLUMNS.index("举办单位类型") + 1)
    lists = {
        str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"
    }
    assert lists == {
        f"{result_column}2:{result_column}3": '"正常活动,停止活动,查无此组织,已注销,信息更正"',
        f"{kind_column}2:{kind_column}3": (
            '"党政机关,事业单位,人民团体,国有企业,民营企业,社会组织,个人"'
        ),
    }
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(EXPORT_COLUMNS))}3"
    assert sheet["M1"].fill.fgColor.rgb != sheet["A1"].fill.fgColor.rgb


# ---------------------------------------------------------------------------
# Import: the round trip


def fill_in(path: Path, out: Path, findings: dict[str, dict[str, object]]) -> Path:
    """What a field team does: open the workbook, fill in rows by 组织编号, save it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        for column, value in findings.get(row[0].value, {}).items():
            sheet.cell(row=row[0].row, column=header[column], value=value)
    workbook.save(out)
    return out


@pytest.fixture
def returned(register, tmp_path) -> Path:
    """The 五华区 team's sheet: a correction for the 书法家协会, the 老年协会 stopped."""
    tasks_build()
    wuhua = tasks_export(tmp_path / "out")[0][0]
    return fill_in(
        wuhua,
        tmp_path / "五华区_已核实.xlsx",
        {
            "KM0000001": {
                "核实结果": "信息更正",
                "核实日期": "2016年5月20日",
                "更正电话": "138 8888 8888",
                "更正法定代表人": "张三",
                "核实人": "王五",
            },
            "KM0000003": {"核实结果": "停止活动", "核实日期": dt.date(2016, 5, 21)},
        },
    )


@pytest.mark.django_db
def test_a_returned_sheet_corrects_fields_with_field_check_provenance(returned):
    report = verify_import(returned)

    assert (report.rows_read, report.applied, report.rejected) == (2, 2, [])
    calligraphy = Organization.objects.get(org_id="KM0000001")
    assert calligraphy.fields["phones"] == "13888888888"
    assert calligraphy.fields["legal_rep"] == "张三"
    assert calligraphy.fields["verified_on"] == "2016-05-20"
    assert calligraphy.provenance["phones"] == [
        {
            "value": "13888888888",
            "department": "实地核实",
            "file": "五华区_已核实.xlsx",
            "row": 2,
            "as_of": "2016-05-20",
            "record_id": None,
        },
        {"value": "0871-65123456", "department": "民政"},
    ]


@pytest.mark.django_db
def test_a_stopped_organization_gets_the_result_as_its_status(returned):
    verify_import(returned)

    elders = Organization.objects.get(org_id="KM0000003")
    assert elders.status == "停止活动"
    assert (elders.fields["status"], elders.fields["status_date"]) == ("停止活动", "2016-05-21")
    assert elders.provenance["status"][0]["department"] == "实地核实"


@pytest.mark.django_db
def test_each_applied_row_is_a_verification_and_an_event_dated_by_the_visit_and_closes_its_task(
    returned,
):
    verify_import(returned)

    verification = Verification.objects.get(organization__org_id="KM0000001")
    assert (verification.result, verification.verified_on) == ("信息更正", dt.date(2016, 5, 20))
    assert verification.corrections == {"phones": "13888888888", "legal_rep": "张三"}
    assert (verification.verifier, verification.file_name, verification.row_number) == (
        "王五",
        "五华区_已核实.xlsx",
        2,
    )
    event = OrganizationEvent.objects.get(organization__org_id="KM0000003")
    assert (event.kind, event.as_of) == ("verified", dt.date(2016, 5, 21))  # the visit's date
    assert event.before == {"status": "正常", "status_date": None}
    assert event.after == {"status": "停止活动", "status_date": "2016-05-21"}
    assert sorted(open_tasks()) == ["KM0000002", "KM0000004", "KM0000008"]


@pytest.mark.django_db
def test_a_verified_organization_is_tasked_again_only_for_a_new_reason(returned):
    verify_import(returned)

    assert tasks_build() == 0
    Organization.objects.filter(org_id="KM0000003").update(
        flags=["no_authority_record", "weak_link"]
    )
    assert tasks_build() == 1

    assert open_tasks()["KM0000003"].reasons == ["登记机关名单中没有此组织", "关联证据较弱"]


@pytest.mark.django_db
def test_the_same_returned_sheet_twice_changes_nothing(returned):
    verify_import(returned)
    before = database_state()

    report = verify_import(returned)

    assert report.duplicate_file
    assert report.applied == 0
    assert database_state() == before


# ---------------------------------------------------------------------------
# Import: bad rows and bad files


HEADER = ["组织编号", "名称", "核实结果", "核实日期", "更正名称", "更正电话", "核实人"]


@pytest.mark.django_db
def test_bad_rows_are_reported_by_row_and_field_and_the_others_applied(register, tmp_path):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    path = write_xlsx(
        tmp_path / "退回.xlsx",
        [
            HEADER,
            ["KM9999999", "", "正常活动", "2016-05-01"],
            ["KM0000001", "", "还在", "2016-05-01"],
            ["KM0000002", "", "正常活动", "2016-13-45"],
            ["KM0000003", "", "信息更正", "2016-05-01"],
            ["KM0000008", "", "正常活动", "20160502", "", "", "赵六"],
            ["KM0000004", "", "正常活动", tomorrow.isoformat()],
            ["KM0000005", "尚未核实"],
            ["km0000007", "", "已注销", "2016/5/3"],
            [],
        ],
    )

    report = verify_import(path)

    assert report.rejected == [
        (2, "组织编号", "没有编号为 KM9999999 的社会组织"),
        (
            3,
            "核实结果",
            "核实结果应为 正常活动、停止活动、查无此组织、已注销、信息更正 之一，而不是「还在」",
        ),
        (4, "核实日期", "日期不存在: 2016-13-45"),
        (
            5,
            "更正",
            "信息更正须至少填写一项：更正名称、更正地址、更正电话、更正法定代表人、举办单位、"
            "举办单位类型",
        ),
        (7, "核实日期", f"核实日期 {tomorrow.isoformat()} 晚于今天"),
    ]
    assert (report.rows_read, report.applied, report.skipped) == (8, 2, 1)
    lawyers = Organization.objects.get(org_id="KM0000008")
    assert lawyers.fields["verified_on"] == "2016-05-02"
    # An absorbed organization's id stands for the one that absorbed it.
    assert (
        Organization.objects.get(org_id="KM0000001").status == "注销"
    )  # the field team's 已注销 in the status vocabulary
    assert Verification.objects.filter(organization__org_id="KM0000001", row_number=9).exists()


@pytest.mark.django_db
def test_a_founder_noted_on_a_visit_updates_the_golden_record_and_its_kind_stays_with_the_visit(
    register, tmp_path
):
    tasks_build()
    wuhua = tasks_export(tmp_path / "out")[0][0]
    path = fill_in(
        wuhua,
        tmp_path / "五华区_举办单位.xlsx",
        {
            "KM0000001": {
                "核实结果": "正常活动",
                "核实日期": "2016-05-20",
                "举办单位": "五华区文化馆",
                "举办单位类型": " 事业 单位 ",
            },
            "KM0000003": {"核实结果": "信息更正", "核实日期": "2016-05-21", "举办单位类型": "个人"},
        },
    )

    report = verify_import(path)

    assert (report.rows_read, report.applied, report.rejected) == (2, 2, [])
    calligraphy = Organization.objects.get(org_id="KM0000001")
    assert calligraphy.fields["founder"] == "五华区文化馆"
    assert calligraphy.provenance["founder"][0] == {
        "value": "五华区文化馆",
        "department": "实地核实",
        "file": "五华区_举办单位.xlsx",
        "row": 2,
        "as_of": "2016-05-20",
        "record_id": None,
    }
    assert "founder_kind" not in calligraphy.fields
    corrections = dict(
        Verification.objects.order_by("row_number").values_list(
            "organization__org_id", "corrections"
        )
    )
    assert corrections == {
        "KM0000001": {"founder": "五华区文化馆", "founder_kind": "事业单位"},
        "KM0000003": {"founder_kind": "个人"},
    }
    event = OrganizationEvent.objects.get(organization__org_id="KM0000001")
    assert event.after == {"verified_on": "2016-05-20", "founder": "五华区文化馆"}
    assert "founder_kind" not in Organization.objects.get(org_id="KM0000003").fields


@pytest.mark.django_db
def test_a_founder_kind_off_the_list_rejects_the_row_and_a_founder_alone_still_needs_a_result(
    register, tmp_path
):
    path = write_xlsx(
        tmp_path / "举办单位.xlsx",
        [
            [*HEADER, "举办单位", "举办单位类型"],
            ["KM0000001", "", "正常活动", "2016-05-01", "", "", "", "五华区文化馆", "文化馆"],
            ["KM0000002", "", "", "", "", "", "", "昆明市文联"],
            ["KM0000008", "", "", "", "", "", "", "", "个人"],
            ["KM0000004", "", "正常活动", "2016-05-01", "", "", "", "", "事业单位"],
        ],
    )

    report = verify_import(path)

    kinds = "党政机关、事业单位、人民团体、国有企业、民营企业、社会组织、个人"
    assert report.rejected == [
        (2, "举办单位类型", f"举办单位类型应为 {kinds} 之一，而不是「文化馆」"),
        (3, "核实结果", "未填写核实结果"),
        (3, "核实日期", "未填写核实日期"),
        (4, "核实结果", "未填写核实结果"),
        (4, "核实日期", "未填写核实日期"),
    ]
    assert (report.rows_read, report.applied, report.skipped) == (4, 1, 0)
    assert Organization.objects.get(org_id="KM0000001").fields["founder"] == ""
    assert list(Verification.objects.values_list("organization__org_id", "corrections")) == [
        ("KM0000004", {"founder_kind": "事业单位"})
    ]


@pytest.mark.django_db
def test_a_csv_in_gb18030_with_a_title_row_is_read_with_excel_row_numbers(register, tmp_path):
    path = write_csv(
        tmp_path / "盘龙区核实.csv",
        [
            ["盘龙区社会组织核实结果"],
            HEADER,
            ["KM0000008", "云南某某律师事务所", "信息更正", "2016.6.1", "云南某律师事务所"],
            ["KM0000002", "", "信息更正", "2016.6.1", "", "无"],
        ],
        encoding="gb18030",
    )

    report = verify_import(path)

    assert report.applied == 1
    assert report.rejected == [(4, "更正电话", "无法识别的电话号码：无")]
    lawyers = Organization.objects.get(org_id="KM0000008")
    assert lawyers.name == "云南某律师事务所"
    assert lawyers.fields["former_names"] == ["云南某某律师事务所"]


@pytest.mark.django_db
def test_a_corrected_name_is_found_and_so_is_the_name_it_replaced(register, tmp_path):
    path = write_csv(
        tmp_path / "盘龙区核实.csv",
        [HEADER, ["KM0000008", "", "信息更正", "2016-06-01", "云南某律师事务所"]],
    )

    verify_import(path)

    def found(query: str) -> tuple[str, list[str]]:
        search = organizations_search(query)
        return search.found_by, [organization.org_id for organization in search.organizations]

    assert found("云南某律师事务所") == ("名称", ["KM0000008"])
    assert found("ynmlssws") == ("拼音首字母", ["KM0000008"])
    assert found("云南某某律师事务所") == ("曾用名", ["KM0000008"])


@pytest.mark.django_db
def test_an_unreadable_file_leaves_the_database_unchanged(returned, tmp_path):
    verify_import(returned)
    before = database_state()
    whole = returned.read_bytes()
    truncated = tmp_path / "截断.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(IntakeError) as caught:
        verify_import(truncated)

    assert caught.value.file == "截断.xlsx"
    assert "Excel 文件已损坏或不完整" in caught.value.message
    assert database_state() == before


@pytest.mark.django_db
def test_a_sheet_without_the_verification_columns_is_refused(register, tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", [["组织编号", "名称"], ["KM0000001", "x"]])

    with pytest.raises(IntakeError, match="缺少列「核实结果」「核实日期」"):
        verify_import(path)

    assert Verification.objects.count() == 0


# ---------------------------------------------------------------------------
# Commands


@pytest.mark.django_db
def test_census_tasks_prints_each_workbook_with_its_count_and_a_total(register, tmp_path):
    out = io.StringIO()

    call_command("census_tasks", str(tmp_path), stdout=out)

    printed = out.getvalue()
    assert "核实任务_五华区.xlsx" in printed
    assert "核实任务_市级_昆明市文学艺术界联合会.xlsx" in printed
    assert "合计 total" in printed
    assert "本次新建任务 5 项" in printed


@pytest.mark.django_db
def test_census_verify_reports_as_json_and_refuses_a_missing_file(returned, tmp_path):
    out = io.StringIO()

    call_command("census_verify", str(returned), "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert (report["applied"], report["rejected"], report["duplicate_file"]) == (2, [], False)
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("census_verify", str(tmp_path / "没有.xlsx"), stdout=io.StringIO())


@pytest.mark.django_db
def test_census_verify_prints_rejected_rows(register, tmp_path):
    path = write_xlsx(tmp_path / "退回.xlsx", [HEADER, ["KM9999999", "", "正常活动", "2016-05-01"]])
    out = io.StringIO()

    call_command("census_verify", str(path), stdout=out)

    assert "写入 0 行，退回 1 行" in out.getvalue()
    assert "退回 第2行 「组织编号」：没有编号为 KM9999999 的社会组织" in out.getvalue()
