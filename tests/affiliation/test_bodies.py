"""The responsible bodies (责任主体): Kunming's seed, the body workbook out and back in, the
directory the rules look bodies up in, and the commands around them."""

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rich.cells import cell_len

from shezu.affiliation.bodies import (
    HEADERS,
    area_code_known,
    bodies_export,
    bodies_import,
    bodies_seed,
    hierarchy_cycles,
    units_split,
)
from shezu.affiliation.directory import AREA_KIND_VALUES, Body, BodyDirectory
from shezu.affiliation.errors import BodiesError
from shezu.affiliation.models import (
    AREA_KINDS,
    Assignment,
    AssignmentRun,
    BodyKind,
    ResponsibleBody,
)
from shezu.affiliation.queries import bodies_list, body_directory
from shezu.affiliation.seed import TOWNSHIPS_WITHOUT_CODE, BodySpec, kunming_bodies
from shezu.affiliation.units import unit_key
from shezu.census.api import IntakeError, counties, townships
from tests.factories import write_csv, write_xlsx

SEED_TOTAL = 458
SUPERVISOR = "业务主管单位党组织"


def register_state() -> dict[str, tuple[Any, ...]]:
    """Every body as the database holds it, updated_at included: what "nothing changed"
    compares."""
    return {
        body.code: (
            body.name,
            body.kind,
            body.parent.code if body.parent else "",
            body.area_code,
            body.units,
            body.department,
            body.active,
            body.note,
            body.updated_at,
        )
        for body in ResponsibleBody.objects.select_related("parent")
    }


def body_row(
    code: str,
    name: str,
    kind: str = SUPERVISOR,
    parent: str = "530102",
    area: str = "530102",
    units: str = "",
    department: str = "组织部",
    status: str = "启用",
) -> list[str]:
    return [code, name, kind, parent, area, units, department, status]


def workbook(tmp_path: Path, *rows: list[str], name: str = "责任主体.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [list(HEADERS), *rows])


# ---------------------------------------------------------------------------
# The seed, as values


def test_the_seed_holds_the_city_every_county_zone_township_unit_industry_and_founder():
    townships_with_code = sum(
        1 for county in counties() for township in townships(county.code) if township.township_code
    )
    seed = kunming_bodies()

    assert townships_with_code == 137
    assert TOWNSHIPS_WITHOUT_CODE == ()
    assert len(seed) == 1 + 14 + 8 + townships_with_code + 15 * 19 + 3 + 10 == SEED_TOTAL
    assert Counter(spec.kind for spec in seed) == {
        "city": 1,
        "county": 14,
        "zone": 8,
        "township": 137,
        "supervisor": 285,
        "industry": 3,
        "founder": 10,
    }
    assert {spec.kind for spec in seed} <= set(BodyKind.values)
    assert len({spec.code for spec in seed}) == SEED_TOTAL


def test_seed_bodies_are_named_and_coded_as_the_city_writes_them():
    seed = {spec.code: spec for spec in kunming_bodies()}

    assert seed["530100"] == BodySpec("530100", "昆明市社会组织党工委", "city", "", "530100")
    assert seed["530126"] == BodySpec(
        "530126", "石林彝族自治县社会组织党委", "county", "530100", "530126"
    )
    assert seed["530102401"] == BodySpec(
        "530102401", "高新区社会组织党委", "zone", "530100", "530102401",
        ("昆明国家高新技术产业开发区", "高新区", "高新区管委会",
         "昆明国家高新技术产业开发区管理委员会"),
    )  # fmt: skip
    assert seed["530102001"] == BodySpec(
        "530102001", "华山街道党工委", "township", "530102", "530102001",
        ("华山街道办事处", "华山街道人民政府", "五华区华山街道办事处", "五华区华山街道人民政府"),
    )  # fmt: skip
    town = next(spec for spec in seed.values() if spec.name == "汤丹镇党委")
    assert (town.kind, town.parent_code, town.units[0]) == ("township", "530113", "汤丹镇办事处")
    assert seed["530102-health"] == BodySpec(
        "530102-health", "五华区卫生健康委员会机关党委", "supervisor", "530102", "530102",
        ("五华区卫生健康委员会", "五华区卫生和计划生育委员会"),
    )  # fmt: skip
    assert seed["530100-youth"].name == "共青团昆明市委员会机关党委"
    assert seed["530100-youth"].units == ("共青团昆明市委员会", "昆明市团委")
    assert seed["530100-culture"].units == (
        "昆明市文化和旅游局",
        "昆明市文化广电新闻出版局",
        "昆明市文化局",
    )
    assert seed["530100-market"].units == ("昆明市市场监督管理局", "昆明市工商行政管理局")
    assert (seed["530100-lawyers"].parent_code, seed["530100-lawyers"].units) == (
        "530100-justice",
        ("昆明市律师协会",),
    )
    assert seed["530100-cpa"].parent_code == "530100-finance"
    assert (seed["530100-associations"].parent_code, seed["530100-associations"].units) == (
        "530100",
        (),
    )
    assert seed["530100-founder-01"] == BodySpec(
        "530100-founder-01", "云南大学党委", "founder", "530100", "530100", ("云南大学",)
    )
    assert seed["530100-founder-10"].units == ("昆明市国有资产管理营运有限责任公司",)
    assert {spec.department for spec in seed.values()} == {"组织部"}


def test_no_two_seed_bodies_answer_for_the_same_unit():
    owners: dict[str, str] = {}
    for spec in kunming_bodies():
        for unit in spec.units:
            assert owners.setdefault(unit_key(unit), spec.code) == spec.code, unit


def test_every_seed_body_lies_in_kunming_and_its_parents_lead_to_the_city():
    seed = kunming_bodies()
    directory = BodyDirectory(
        Body(s.code, s.name, s.kind, s.parent_code, s.area_code, s.units) for s in seed
    )
    position = {spec.code: index for index, spec in enumerate(seed)}

    for spec in seed:
        assert area_code_known(spec.area_code), spec
        chain = [spec.code, *(body.code for body in directory.ancestors(spec.code))]
        assert chain[-1] == "530100", spec
        assert not spec.parent_code or position[spec.parent_code] < position[spec.code]


# ---------------------------------------------------------------------------
# The directory the rules use


@pytest.fixture
def directory() -> BodyDirectory:
    bodies = [
        Body(s.code, s.name, s.kind, s.parent_code, s.area_code, s.units) for s in kunming_bodies()
    ]
    stopped = Body(
        "old-unit", "已撤销单位党委", "supervisor", "530100", "530100", ("昆明市旧局",), False
    )
    return BodyDirectory([*bodies, stopped])


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("市教育局", "530100-education"),
        ("云南省昆明市教育局", "530100-education"),
        ("中共昆明市委教育局", None),
        ("昆明市五华区教育局", "530102-education"),
        ("五华区 卫计委", "530102-health"),
        ("盘龙区工商行政管理局", "530103-market"),
        ("共青团昆明市委员会", "530100-youth"),
        ("高新区管委会", "530102401"),
        ("五华区华山街道办事处", "530102001"),
        ("昆明市律师协会", "530100-lawyers"),
        ("云南大学（本部）", "530100-founder-01"),
        ("教育局", None),
        ("", None),
        ("昆明市旧局", None),
    ],
)
def test_the_directory_finds_the_body_for_a_unit_as_departments_write_it(directory, written, code):
    found = directory.for_unit(written)

    assert (found.code if found else None) == code


def test_the_directory_finds_an_area_body_and_a_body_s_ancestors(directory):
    assert {kind.value for kind in AREA_KINDS} == AREA_KIND_VALUES
    assert directory.area_body("530100").name == "昆明市社会组织党工委"
    assert directory.area_body("530102").name == "五华区社会组织党委"
    assert directory.area_body("530102001").name == "华山街道党工委"
    assert directory.area_body("530129405").name == "倘甸社会组织党委"
    assert directory.area_body("530199") is None
    assert [b.code for b in directory.ancestors("530100-lawyers")] == ["530100-justice", "530100"]
    assert [b.code for b in directory.ancestors("530102001")] == ["530102", "530100"]
    assert directory.ancestors("530100") == []
    assert directory.ancestors("nothing") == []
    assert directory.by_code("old-unit").active is False
    assert len(directory) == SEED_TOTAL + 1


def test_an_inactive_area_body_answers_for_no_area():
    directory = BodyDirectory(
        [
            Body("530100", "昆明市社会组织党工委", "city", "", "530100"),
            Body("530102", "五华区社会组织党委", "county", "530100", "530102", active=False),
        ]
    )

    assert directory.area_body("530102") is None
    assert directory.area_body("530100").code == "530100"


@pytest.mark.django_db
def test_the_directory_from_the_database_holds_what_the_register_holds():
    bodies_seed()
    ResponsibleBody.objects.filter(code="530102-education").update(active=False)

    directory = body_directory()

    assert len(directory) == SEED_TOTAL
    assert directory.for_unit("五华区教育局") is None
    assert directory.for_unit("市教育局").code == "530100-education"
    assert directory.by_code("530100-cpa") == Body(
        "530100-cpa", "昆明市注册会计师行业党委", "industry", "530100-finance", "530100",
        ("昆明市注册会计师协会",),
    )  # fmt: skip
    assert [b.code for b in bodies_list("industry")] == [
        "530100-associations",
        "530100-cpa",
        "530100-lawyers",
    ]


def test_cycles_are_found_with_their_codes_in_parent_order():
    parents = {"a": "b", "b": "a", "c": "c", "d": "a", "e": "", "f": "missing"}

    assert hierarchy_cycles(parents) == [["a", "b"], ["c"]]


def test_a_units_cell_splits_on_every_separator_clerks_use():
    assert units_split("昆明市教育局、市教育局；昆明市体育局;a,b，c\n昆明市教育局") == (
        "昆明市教育局",
        "市教育局",
        "昆明市体育局",
        "a",
        "b",
        "c",
    )
    assert units_split(None) == ()


# ---------------------------------------------------------------------------
# Seeding the database


@pytest.mark.django_db
def test_seeding_writes_every_body_once_with_its_parent():
    assert bodies_seed() == SEED_TOTAL

    assert ResponsibleBody.objects.count() == SEED_TOTAL
    town = ResponsibleBody.objects.select_related("parent").get(code="530102001")
    assert (town.parent.code, town.kind, town.active) == ("530102", "township", True)
    assert ResponsibleBody.objects.get(code="530100-lawyers").parent.code == "530100-justice"
    assert ResponsibleBody.objects.filter(parent__isnull=True).count() == 1


@pytest.mark.django_db
def test_seeding_again_changes_nothing():
    bodies_seed()
    before = register_state()

    assert bodies_seed() == 0
    assert register_state() == before


@pytest.mark.django_db
def test_seeding_adds_only_the_missing_bodies_and_keeps_what_a_department_changed(tmp_path):
    bodies_import(
        workbook(tmp_path, body_row("530100", "中共昆明市委社会工作部", "city", "", "530100"))
    )

    assert bodies_seed() == SEED_TOTAL - 1
    assert ResponsibleBody.objects.get(code="530100").name == "中共昆明市委社会工作部"
    assert ResponsibleBody.objects.get(code="530102").parent.code == "530100"


@pytest.mark.django_db
def test_seeding_refuses_a_body_whose_unit_another_body_answers_for(tmp_path):
    bodies_import(
        workbook(
            tmp_path,
            body_row("530100", "昆明市社会组织党工委", "city", "", "530100"),
            body_row("km-edu", "市教育系统党委", parent="530100", area="530100", units="市教育局"),
        )
    )

    with pytest.raises(BodiesError) as refused:
        bodies_seed()

    assert str(refused.value) == (
        "种子责任主体的对应单位已由其他责任主体负责：530100-education 的「昆明市教育局」"
        "已属于 km-edu (seed units already claimed)"
    )
    assert ResponsibleBody.objects.count() == 2


# ---------------------------------------------------------------------------
# The workbook out and back in


@pytest.mark.django_db
def test_the_export_is_text_with_fixed_headers_drop_downs_and_a_frozen_header(tmp_path):
    bodies_seed()
    path = tmp_path / "责任主体.xlsx"

    assert bodies_export(path) == SEED_TOTAL

    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert len(rows) == SEED_TOTAL + 1
    assert rows[1] == (
        "530100", "昆明市社会组织党工委", "市级社会组织党建工作机构", None, "530100", None,
        "组织部", "启用",
    )  # fmt: skip
    culture = next(row for row in rows if row[0] == "530100-culture")
    assert culture[5] == "昆明市文化和旅游局、昆明市文化广电新闻出版局、昆明市文化局"
    assert {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row} <= {"s", "n"}
    assert all(isinstance(cell, str | None) for row in rows for cell in row)
    assert sheet.freeze_panes == "C2"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {
        "C2:C959": '"' + ",".join(BodyKind.labels) + '"',
        "H2:H959": '"启用,停用"',
    }


@pytest.mark.django_db
def test_export_then_import_changes_nothing(tmp_path):
    bodies_seed()
    ResponsibleBody.objects.filter(code="530100-ageing").update(active=False)
    path = tmp_path / "责任主体.xlsx"
    bodies_export(path)
    before = register_state()

    report = bodies_import(path)

    assert (report.rows_read, report.written, report.unchanged) == (SEED_TOTAL, 0, SEED_TOTAL)
    assert report.rejected == []
    assert register_state() == before


@pytest.mark.django_db
def test_an_empty_register_exports_the_seed_which_imports_as_the_seed(tmp_path):
    path = tmp_path / "模板.xlsx"

    assert bodies_export(path) == SEED_TOTAL
    assert ResponsibleBody.objects.count() == 0
    report = bodies_import(path)

    assert (report.added, report.updated, report.rejected) == (SEED_TOTAL, 0, [])
    again = tmp_path / "再次导出.xlsx"
    bodies_export(again)
    assert _cells(again) == _cells(path)
    assert bodies_seed() == 0


def _cells(path: Path) -> list[tuple[Any, ...]]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


@pytest.mark.django_db
def test_an_import_keeps_the_good_rows_and_rejects_each_bad_one_with_its_row(tmp_path):
    bodies_seed()
    path = workbook(
        tmp_path,
        body_row("530102-charity", "五华区慈善总会机关党委", units="五华区慈善总会、五华区慈善会"),
        body_row("530102-x", "五华区某局机关党委", kind="协会"),
        body_row("A", "甲党委", parent="B"),
        body_row("B", "乙党委", parent="A"),
        body_row("530102-y", "五华区某委机关党委", parent="530199-nothing"),
        body_row("530100-education", "昆明市教育局机关党委", parent="530100", area="530100",
                 units="昆明市教育局", department="社会工作部"),
    )  # fmt: skip
    before = register_state()

    report = bodies_import(path)

    assert report.rejected == [
        (3, "类型", f"类型应为 {'、'.join(BodyKind.labels)} 之一，而不是「协会」"),
        (4, "上级编号", "上级关系成环：A → B → A（本身成了自己的上级）"),
        (5, "上级编号", "上级关系成环：B → A → B（本身成了自己的上级）"),
        (6, "上级编号", "上级编号「530199-nothing」在本文件和责任主体名录中都不存在"),
    ]
    assert (report.rows_read, report.added, report.updated, report.unchanged) == (6, 1, 1, 0)
    assert report.rejected_rows == 4
    charity = ResponsibleBody.objects.get(code="530102-charity")
    assert (charity.name, charity.kind, charity.parent.code, charity.area_code) == (
        "五华区慈善总会机关党委",
        "supervisor",
        "530102",
        "530102",
    )
    assert charity.units == ["五华区慈善总会", "五华区慈善会"]
    assert ResponsibleBody.objects.get(code="530100-education").department == "社会工作部"
    assert not ResponsibleBody.objects.filter(code__in=["A", "B", "530102-x", "530102-y"]).exists()
    after = register_state()
    assert {code for code in after if after[code] != before.get(code)} == {
        "530102-charity",
        "530100-education",
    }


@pytest.mark.django_db
def test_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    bodies_seed()
    path = workbook(tmp_path, body_row("530102-charity", "五华区慈善总会机关党委"))
    bodies_import(path)
    before = register_state()

    report = bodies_import(path)

    assert (report.written, report.unchanged, report.rejected) == (0, 1, [])
    assert register_state() == before


@pytest.mark.django_db
def test_a_parent_change_through_an_existing_body_that_closes_a_cycle_is_rejected(tmp_path):
    bodies_seed()

    report = bodies_import(
        workbook(
            tmp_path,
            body_row("530100", "昆明市社会组织党工委", "city", "530102001", "530100"),
            body_row("530102-new", "五华区新局机关党委"),
        )
    )

    assert report.rejected == [
        (
            2,
            "上级编号",
            "上级关系成环：530100 → 530102001 → 530102 → 530100（本身成了自己的上级）",
        )
    ]
    assert report.added == 1
    assert ResponsibleBody.objects.get(code="530100").parent is None


@pytest.mark.django_db
def test_a_body_under_a_rejected_row_of_the_same_file_is_rejected_too(tmp_path):
    bodies_seed()

    report = bodies_import(
        workbook(
            tmp_path,
            body_row("530102-new", "五华区新局机关党委", area="110101"),
            body_row("530102-new-1", "五华区新局一支部", parent="530102-new"),
            body_row("530102-new-2", "五华区新局二支部", parent="530102-new-1"),
        )
    )

    assert report.rejected == [
        (
            2,
            "管辖区划代码",
            "「110101」不是昆明市的区划代码：应为 530100、区县或管理区的6位代码，"
            "或乡镇街道、管理区的9位代码",
        ),
        (3, "上级编号", "上级编号「530102-new」在本文件第2行，但该行被退回"),
        (4, "上级编号", "上级编号「530102-new-1」在本文件第3行，但该行被退回"),
    ]
    assert report.written == 0


@pytest.mark.django_db
def test_new_bodies_may_hang_under_each_other_in_any_row_order(tmp_path):
    report = bodies_import(
        workbook(
            tmp_path,
            body_row("530102001", "华山街道党工委", "township", "530102", "530102001"),
            body_row("530102", "五华区社会组织党委", "county", "530100", "530102"),
            body_row("530100", "昆明市社会组织党工委", "city", "", "530100"),
        )
    )

    assert (report.added, report.rejected) == (3, [])
    town = ResponsibleBody.objects.get(code="530102001")
    assert (town.parent.code, town.parent.parent.code) == ("530102", "530100")


@pytest.mark.django_db
def test_a_unit_another_body_answers_for_is_refused_but_a_unit_may_move(tmp_path):
    bodies_seed()

    report = bodies_import(
        workbook(
            tmp_path,
            body_row("530102-sports2", "五华区体育总会党委", units="五华区 体育局"),
            body_row("530100-education", "昆明市教育局机关党委", parent="530100",
                     area="530100", units=""),
            body_row("530100-schools", "昆明市民办教育党委", parent="530100", area="530100",
                     units="市教育局"),
            body_row("530100-schools-2", "昆明市民办学校党委", parent="530100", area="530100",
                     units="昆明市教育局"),
        )
    )  # fmt: skip

    assert report.rejected == [
        (2, "对应单位", "「五华区 体育局」已由 530102-sports 五华区体育局机关党委 负责"),
        (5, "对应单位", "「昆明市教育局」已由 第4行的 530100-schools 昆明市民办教育党委 负责"),
    ]
    assert ResponsibleBody.objects.get(code="530100-education").units == []
    assert ResponsibleBody.objects.get(code="530100-schools").units == ["市教育局"]


@pytest.mark.django_db
def test_a_unit_held_by_a_body_whose_row_was_rejected_stays_with_it(tmp_path):
    bodies_seed()

    report = bodies_import(
        workbook(
            tmp_path,
            body_row("530100-schools", "昆明市民办教育党委", parent="530100", area="530100",
                     units="市教育局"),
            body_row("530100-education", "昆明市教育局机关党委", kind="", parent="530100",
                     area="530100"),
        )
    )  # fmt: skip

    assert report.rejected == [
        (2, "对应单位", "「市教育局」已由 530100-education 昆明市教育局机关党委 负责"),
        (3, "类型", "未填写类型"),
    ]
    assert report.written == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("area", "accepted"),
    [
        ("530100", True),
        ("530181", True),
        ("530143", True),  # 高新区's city-level code
        ("530102999", True),  # a township not in the table yet, in 五华区
        ("530127402", True),  # 职教基地, a zone without a 6-digit code
        ("530121", False),  # 呈贡县, retired in 2011
        ("530102-1", False),
        ("5301", False),
        ("110101", False),
        ("110101001", False),
    ],
)
def test_an_area_code_must_be_kunming_s(tmp_path, area, accepted):
    report = bodies_import(
        workbook(tmp_path, body_row("x", "某党委", "行业党委", parent="", area=area))
    )

    assert report.written == (1 if accepted else 0)
    assert [column for _, column, _ in report.rejected] == ([] if accepted else ["管辖区划代码"])


@pytest.mark.django_db
def test_row_problems_are_each_named_with_their_column(tmp_path):
    report = bodies_import(
        workbook(
            tmp_path,
            ["", "", "", "", "", "", "", ""],
            ["", "无编号党委", "city", "", "530100", "", "", ""],
            ["k1", "", "", "", "", "", "", "在用"],
            ["k2", "二党委", "INDUSTRY", "", "530100", "", "", "停用"],
            ["k2", "二党委重复", "industry", "", "530100", "", "", ""],
            ["k3", "名" * 101, "founder", "", "530100", "", "部" * 21, ""],
        )
    )

    assert report.rejected == [
        (3, "编号", "未填写编号"),
        (4, "名称", "未填写名称"),
        (4, "类型", "未填写类型"),
        (4, "管辖区划代码", "未填写管辖区划代码"),
        (4, "状态", "状态应为 启用 或 停用，而不是「在用」"),
        (6, "编号", "编号「k2」与第5行重复"),
        (7, "名称", "名称超过 100 个字"),
        (7, "主管部门", "主管部门超过 20 个字"),
    ]
    assert report.rows_read == 5
    k2 = ResponsibleBody.objects.get(code="k2")
    assert (k2.name, k2.kind, k2.active) == ("二党委", "industry", False)


@pytest.mark.django_db
def test_a_body_still_responsible_for_organizations_cannot_be_stopped(tmp_path):
    bodies_seed()
    run = AssignmentRun.objects.create(as_of=dt.date(2016, 6, 30), rule_version="kunming-2016")
    for org_id, body in (("KM0000001", "530102001"), ("KM0000002", "530102003")):
        Assignment.objects.create(
            org_id=org_id, body=ResponsibleBody.objects.get(code=body), mode="locality",
            rule="locality", rule_version="kunming-2016", in_scope=True,
            valid_from=dt.date(2016, 6, 30), reason="首次分配", run=run,
        )  # fmt: skip
    Assignment.objects.filter(org_id="KM0000002").update(valid_to=dt.date(2016, 9, 30))

    report = bodies_import(
        workbook(
            tmp_path,
            body_row("530102001", "华山街道党工委", "township", "530102", "530102001",
                     status="停用"),
            body_row("530102003", "大观街道党工委", "township", "530102", "530102003",
                     status="停用"),
        )
    )  # fmt: skip

    assert report.rejected == [(2, "状态", "仍负责 1 个社会组织（责任归属未结束），不能停用")]
    assert ResponsibleBody.objects.get(code="530102001").active is True
    assert ResponsibleBody.objects.get(code="530102003").active is False


@pytest.mark.django_db
def test_a_csv_with_a_title_above_the_header_and_english_kinds_is_read(tmp_path):
    path = write_csv(
        tmp_path / "责任主体.csv",
        [
            ["昆明市责任主体名录（2016年）"],
            [],
            [" 编号 ", "名称*", *HEADERS[2:]],
            ["530100", "昆明市社会组织党工委", "city", "", "530100", "", "组织部", ""],
            ["530100-women", "昆明市妇联机关党委", "supervisor", "530100", "530100",
             "昆明市妇女联合会；市妇联", "", ""],
        ],
    )  # fmt: skip

    report = bodies_import(path)

    assert (report.added, report.rejected) == (2, [])
    women = ResponsibleBody.objects.get(code="530100-women")
    assert (women.units, women.department, women.active) == (
        ["昆明市妇女联合会", "市妇联"],
        "",
        True,
    )


@pytest.mark.django_db
def test_a_file_that_cannot_be_read_writes_nothing(tmp_path):
    bodies_seed()
    before = register_state()
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    no_header = write_xlsx(tmp_path / "无表头.xlsx", [["编号", "名称"], ["x", "y"]])

    with pytest.raises(IntakeError) as unreadable:
        bodies_import(broken)
    with pytest.raises(IntakeError) as headless:
        bodies_import(no_header)

    assert "Excel 文件已损坏或不完整" in str(unreadable.value)
    assert str(headless.value) == (
        "无表头.xlsx：前30行中找不到责任主体表的表头：缺少列「类型」「上级编号」「管辖区划代码」"
        "「对应单位」「主管部门」「状态」 (not a body workbook)"
    )
    assert register_state() == before


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_the_register_as_it_was(tmp_path, monkeypatch):
    bodies_seed()
    before = register_state()

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(ResponsibleBody.objects, "bulk_update", fail)
    path = workbook(
        tmp_path,
        body_row("530102-charity", "五华区慈善总会机关党委"),
        body_row("530102", "五华区社会组织党委（新）", "county", "530100", "530102"),
    )

    with pytest.raises(RuntimeError):
        bodies_import(path)

    assert register_state() == before
    assert ResponsibleBody.objects.count() == SEED_TOTAL


# ---------------------------------------------------------------------------
# Commands


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_seed_command_says_how_many_bodies_it_added():
    first = run("assign_bodies_seed")
    second = run("assign_bodies_seed")

    assert first.splitlines()[0] == "新增责任主体 458 个；默认名录共 458 个 (bodies added)"
    assert second.splitlines()[0] == "新增责任主体 0 个；默认名录共 458 个 (bodies added)"
    assert first.splitlines()[1].startswith("数据库 database: ")
    assert ResponsibleBody.objects.count() == SEED_TOTAL


@pytest.mark.django_db
def test_the_seed_command_refuses_in_one_line(tmp_path):
    bodies_import(
        workbook(
            tmp_path, body_row("km-edu", "市教育系统党委", "行业党委", "", "530100", "市教育局")
        )
    )

    with pytest.raises(CommandError, match="已属于 km-edu"):
        run("assign_bodies_seed")


@pytest.mark.django_db
def test_the_list_command_shows_each_body_of_a_kind_on_one_aligned_line():
    bodies_seed()
    ResponsibleBody.objects.filter(code="530100-cpa").update(active=False)

    out = run("assign_bodies", "--kind", "行业党委")

    lines = out.splitlines()
    assert lines[0].split() == ["编号", "名称", "类型", "上级编号", "管辖区划", "单位数"]
    assert [line.split() for line in lines[2:5]] == [
        ["530100-associations", "昆明市行业协会商会党委", "行业党委", "530100", "530100", "0"],
        ["530100-cpa", "昆明市注册会计师行业党委（停用）", "行业党委", "530100-finance",
         "530100", "1"],
        ["530100-lawyers", "昆明市律师行业党委", "行业党委", "530100-justice", "530100", "1"],
    ]  # fmt: skip
    # Aligned as a terminal shows it: a Chinese character takes two columns.
    assert len({cell_len(line[: line.rindex("行业党委")]) for line in lines[2:5]}) == 1
    assert lines[5] == "共 3 个责任主体 (bodies)"
    assert lines[6].startswith("数据库 database: ")
    assert run("assign_bodies").count("\n") == SEED_TOTAL + 4
    assert "共 137 个责任主体" in run("assign_bodies", "--kind", "township")


@pytest.mark.django_db
def test_the_list_command_on_an_empty_register_points_to_the_seed():
    out = run("assign_bodies")

    assert out.splitlines()[0] == (
        "没有责任主体；默认名录可用 shezu assign bodies-seed 写入 (no bodies)"
    )


@pytest.mark.django_db
def test_the_template_command_writes_the_seed_when_the_register_is_empty(tmp_path):
    out_file = tmp_path / "责任主体表.xlsx"

    empty = run("assign_bodies_template", str(out_file))
    bodies_seed()
    full = run("assign_bodies_template", str(out_file))

    assert empty.splitlines()[0] == (
        f"已导出昆明市默认名录（资料库中还没有责任主体） 458 个 → {out_file}"
    )
    assert full.splitlines()[0] == f"已导出责任主体 458 个 → {out_file}"
    assert len(_cells(out_file)) == SEED_TOTAL + 1


@pytest.mark.django_db
def test_the_import_command_prints_the_counts_and_each_rejected_row(tmp_path):
    bodies_seed()
    path = workbook(
        tmp_path,
        body_row("530102-charity", "五华区慈善总会机关党委"),
        body_row("530102", "五华区社会组织党委", "县级社会组织党建工作机构", "530100", "530102",
                 department="社会工作部"),
        body_row("530103", "盘龙区社会组织党委", "县级社会组织党建工作机构", "530100", "530103"),
        body_row("530102-x", "五华区某局机关党委", kind="协会"),
    )  # fmt: skip

    out = run("assign_bodies_import", str(path))

    assert out.splitlines()[:2] == [
        "责任主体.xlsx: 读取 4 行，写入 2 行（新增 1，修改 1），未变 1 行，退回 1 行",
        f"  退回 第5行 「类型」：类型应为 {'、'.join(BodyKind.labels)} 之一，而不是「协会」",
    ]
    assert out.splitlines()[2].startswith("数据库 database: ")
    assert ResponsibleBody.objects.count() == SEED_TOTAL + 1


@pytest.mark.django_db
def test_the_import_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        run("assign_bodies_import", str(tmp_path / "没有.xlsx"))


def test_the_commands_are_typed_as_shezu_assign_words():
    from shezu.cli import commands_all, jobs

    typed = {job.name: job.spaced for job in jobs(commands_all()) if job.group == "assign"}

    assert {name: typed[name] for name in typed if name.startswith("assign_bodies")} == {
        "assign_bodies": "assign bodies",
        "assign_bodies_import": "assign bodies-import",
        "assign_bodies_seed": "assign bodies-seed",
        "assign_bodies_template": "assign bodies-template",
    }
    assert typed["assign_rules_preview"] == "assign rules-preview"
