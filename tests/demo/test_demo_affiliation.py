"""The demo's facts for classification: founders (举办单位) and their kinds, as the truth
holds them, as the 民政 list shows them (mostly not at all), and as the counties write
them into the classification workbook (分类补充信息表)."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from stdnum.cn import uscc as stdnum_uscc

from shezu.affiliation.units import unit_key
from shezu.affiliation.vocabulary import FIELDS, attribute_value
from shezu.census.labels import FOUNDER_KINDS
from shezu.demo.census import Manifest, facts, generate, sponsors
from shezu.demo.census.organizations import Plan, organization

SCALE = 0.1
SEED = 2016
PLAN = Plan.for_scale(SCALE)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("affiliation"), scale=SCALE, seed=SEED)


@pytest.fixture(scope="module")
def organizations(demo: Manifest) -> dict[str, dict[str, str]]:
    with (demo.outdir / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        return {row["org_id"]: row for row in csv.DictReader(handle)}


def civil_founders(demo: Manifest) -> list[tuple[str, str]]:
    """(true org id, 举办单位 cell) of every organization row of the 民政 list."""
    source = demo.file("民政")
    sheet = CalamineWorkbook.from_path(str(demo.outdir / source.file))
    table = sheet.get_sheet_by_name(source.sheet).to_python()
    column = table[source.header_row - 1].index(source.columns["founder"])
    with (demo.outdir / "ground_truth.csv").open(encoding="utf-8", newline="") as handle:
        truth = [line for line in csv.DictReader(handle) if line["file"] == source.file]
    return [
        (line["org_id"], str(row[column]))
        for line, row in zip(truth, table[source.header_row :], strict=True)
        if line["expected"] != "skipped"
    ]


# ------------------------------------------------------------ founders


def test_founder_kinds_are_the_workbooks_drop_down_list() -> None:
    assert sponsors.FOUNDER_KINDS == FOUNDER_KINDS


def test_founders_by_kind(organizations: dict[str, dict[str, str]]) -> None:
    kinds = Counter((o["category"], o["founder_kind"]) for o in organizations.values())
    assert {key: n for key, n in kinds.items() if key[1]} == {
        ("民办非企业单位", "个人"): 113,
        ("民办非企业单位", "事业单位"): 20,
        ("民办非企业单位", "国有企业"): 18,
        ("民办非企业单位", "党政机关"): 8,
        ("民办非企业单位", "人民团体"): 6,
        ("民办非企业单位", "民营企业"): 3,
        ("民办非企业单位", "社会组织"): 2,
        ("社会团体", "事业单位"): 5,
        ("社会团体", "国有企业"): 3,
    }
    groups = sum(1 for o in organizations.values() if o["category"] == "社会团体")
    units = sum(1 for o in organizations.values() if o["category"] == "民办非企业单位")
    assert units == 170 and groups == 130
    # A unit founded three 民非 in ten and one social group in ten or so.
    assert sum(n for (c, k), n in kinds.items() if c == "民办非企业单位" and k != "个人") == 57
    assert sum(n for (c, k), n in kinds.items() if c == "社会团体" and k) == 8


def test_founder_kinds_are_true(organizations: dict[str, dict[str, str]]) -> None:
    known = {
        "云南大学": "事业单位",
        "昆明医科大学": "事业单位",
        "昆明市第一人民医院": "事业单位",
        "昆明市总工会": "人民团体",
        "昆明钢铁控股有限公司": "国有企业",
        "云南建工集团有限公司": "国有企业",
        "昆明市国有资产管理营运有限责任公司": "国有企业",
        "云南白药集团股份有限公司": "国有企业",
        "昆明市教育局": "党政机关",
        "昆明市民政局": "党政机关",
    }
    for org in organizations.values():
        founder, kind = org["founder"], org["founder_kind"]
        assert (founder == "") == (kind == ""), org["org_id"]
        if not founder:
            continue
        assert org["category"] in {"社会团体", "民办非企业单位"}
        assert kind in FOUNDER_KINDS
        assert known.get(founder, kind) == kind, (founder, kind)
        if kind == "个人":
            assert org["category"] == "民办非企业单位"
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", founder)
        elif kind == "民营企业":
            assert founder.endswith("有限公司")
        else:  # a unit founded it: government-run exactly when a public unit did
            public = kind in {"党政机关", "事业单位", "人民团体", "国有企业"}
            assert org["origin"] == ("官办" if public else "民办"), org["org_id"]


def test_the_civil_list_names_the_founder_of_about_a_third(
    demo: Manifest, organizations: dict[str, dict[str, str]]
) -> None:
    rows = civil_founders(demo)
    for org_id, cell in rows:
        assert cell in {"", organizations[org_id]["founder"]}, org_id
    named = {org_id for org_id, cell in rows if cell}
    founded = {o["org_id"] for o in organizations.values() if o["founder"]}
    assert named <= founded
    assert (len(named), len(founded)) == (65, 178)  # 37 %, about 35 % at scale 1
    # An organization's rows agree: an old registration or a district's copy shows the
    # founder when its main row does.
    by_org: dict[str, set[str]] = {}
    for org_id, cell in rows:
        by_org.setdefault(org_id, set()).add(cell)
    assert all(len(cells) == 1 for org_id, cells in by_org.items() if org_id in founded)


def test_supervisors_are_in_the_truth(organizations: dict[str, dict[str, str]]) -> None:
    supervised = Counter(bool(o["supervisor"]) for o in organizations.values())
    assert supervised[True] > supervised[False] > 0
    assert all(not o["supervisor"] for o in organizations.values() if o["level"] == "城乡社区")


# ------------------------------------------------------------ the classification workbook


def workbook_rows(outdir: Path) -> list[list[str]]:
    """Every row of the filled-in workbook, title and header included, as text."""
    book = CalamineWorkbook.from_path(str(outdir / facts.FILE))
    assert book.sheet_names == [facts.SHEET]
    return [[str(cell) for cell in row] for row in book.get_sheet_by_name(facts.SHEET).to_python()]


@pytest.fixture(scope="module")
def workbook(demo: Manifest) -> dict[int, list[str]]:
    """Rows by the number Excel shows, from the first organization's row on."""
    rows = workbook_rows(demo.outdir)
    return dict(enumerate(rows[facts.FIRST_ROW - 1 :], start=facts.FIRST_ROW))


@pytest.fixture(scope="module")
def facts_truth(demo: Manifest) -> dict[int, dict[str, str]]:
    with (demo.outdir / facts.TRUTH).open(encoding="utf-8", newline="") as handle:
        return {int(line["row"]): line for line in csv.DictReader(handle)}


def test_the_workbook_has_a_title_the_header_and_one_truth_line_a_row(
    demo: Manifest, workbook: dict[int, list[str]], facts_truth: dict[int, dict[str, str]]
) -> None:
    title, header = workbook_rows(demo.outdir)[:2]
    assert title[0] == "昆明市社会组织分类补充信息表（区县填报）"
    assert header == [
        "组织编号",
        "名称",
        "统一社会信用代码",
        "举办单位",
        "举办单位类型",
        "业务主管单位",
        "行业类型",
        "备注",
    ]
    assert demo.facts_rows == len(workbook) == 32
    assert list(facts_truth) == list(workbook) == list(range(3, 35))
    assert all(line["file"] == facts.FILE for line in facts_truth.values())
    assert all(row[facts.ORG_ID] == "" for row in workbook.values())  # the clerk has no ids
    assert all(row[facts.NAME] for row in workbook.values())


def test_the_workbook_is_not_in_the_manifest(demo: Manifest) -> None:
    with (demo.outdir / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        files = [line["file"] for line in csv.DictReader(handle)]
    assert facts.FILE not in files and len(files) == 6


def test_rows_are_mostly_founders_the_civil_list_leaves_out(
    demo: Manifest,
    organizations: dict[str, dict[str, str]],
    workbook: dict[int, list[str]],
    facts_truth: dict[int, dict[str, str]],
) -> None:
    named = {org_id for org_id, cell in civil_founders(demo) if cell}
    counts = Counter(
        (bool(row[facts.FOUNDER]), facts_truth[n]["expected"]) for n, row in workbook.items()
    )
    assert counts == {
        (True, "accepted"): 22,
        (False, "accepted"): 7,
        (True, "rejected"): 2,  # 外资, and 教育培训 for a school a unit founded
        (False, "rejected"): 1,  # the organization that matches nothing
    }
    unnamed = {
        o["org_id"]
        for o in organizations.values()
        if o["founder_kind"] not in {"", "个人"}
        and o["org_id"] not in named
        and o["status"] == "正常"
    }
    founder_rows = {facts_truth[n]["org_id"] for n, row in workbook.items() if row[facts.FOUNDER]}
    assert founder_rows <= unnamed
    assert (len(founder_rows), len(unnamed)) == (24, 38)  # 63 %, about 60 % at scale 1
    for n, row in workbook.items():
        org = organizations.get(facts_truth[n]["org_id"])
        if org is not None:
            assert org["category"] in {"社会团体", "民办非企业单位"} and org["status"] == "正常"
        if not row[facts.FOUNDER]:  # the clerk confirms a field or a supervising unit
            assert not row[facts.FOUNDER_KIND] or facts_truth[n]["expected"] == "rejected"
    habits = Counter(k for line in facts_truth.values() for k in line["kinds"].split(";") if k)
    for habit in ("uscc_missing", "uscc_lower", "name_trailing_space", "name_bracket_note"):
        assert habits[habit] > 0, habit
    assert habits["founder_kind_synonym"] == 2


def test_the_three_bad_rows(
    organizations: dict[str, dict[str, str]],
    workbook: dict[int, list[str]],
    facts_truth: dict[int, dict[str, str]],
) -> None:
    bad = {line["reason"]: n for n, line in facts_truth.items() if line["expected"] == "rejected"}
    assert bad == {"founder_kind_unknown": 6, "field_unknown": 13, "no_such_organization": 15}
    assert all(
        not line["reason"] for line in facts_truth.values() if line["expected"] == "accepted"
    )
    kind = workbook[bad["founder_kind_unknown"]]
    assert kind[facts.FOUNDER_KIND] == "外资" and kind[facts.FOUNDER]
    assert attribute_value("founder_kind", "外资") is None
    field = workbook[bad["field_unknown"]]
    assert field[facts.FIELD] == "教育培训"
    assert attribute_value("field", "教育培训") is None
    for reason in ("founder_kind_unknown", "field_unknown"):
        assert facts_truth[bad[reason]]["org_id"] in organizations
    nowhere = workbook[bad["no_such_organization"]]
    assert facts_truth[bad["no_such_organization"]]["org_id"] == ""
    assert stdnum_uscc.is_valid(nowhere[facts.USCC])  # a good code, of no one in the census
    assert nowhere[facts.USCC] not in {o["uscc"] for o in organizations.values() if "uscc" in o}
    assert nowhere[facts.NAME] not in {o["name"] for o in organizations.values()}


def test_accepted_rows_say_what_the_truth_says(
    demo: Manifest,
    organizations: dict[str, dict[str, str]],
    workbook: dict[int, list[str]],
    facts_truth: dict[int, dict[str, str]],
) -> None:
    """Read with the project's vocabulary, every accepted row finds its organization by
    credit code or name and gives its true founder, kind, supervising unit and field."""
    credit = {organization(SEED, o[:2], int(o[2:]) - 1, PLAN).uscc: o for o in organizations}
    for n, row in workbook.items():
        line = facts_truth[n]
        if line["expected"] != "accepted":
            continue
        org = organizations[line["org_id"]]
        code = row[facts.USCC].upper()
        name = "".join(row[facts.NAME].split())
        if code:
            assert credit[code] == org["org_id"], n
        else:
            assert name == org["name"], n
        if row[facts.FOUNDER]:
            assert unit_key(row[facts.FOUNDER]) == unit_key(org["founder"]), n
        if row[facts.FOUNDER_KIND]:
            assert attribute_value("founder_kind", row[facts.FOUNDER_KIND]) == org["founder_kind"]
        if row[facts.SUPERVISOR]:
            supervisor = attribute_value("supervisor", row[facts.SUPERVISOR])
            assert supervisor is not None
            assert unit_key(supervisor) == unit_key(org["supervisor"]), n
        if row[facts.FIELD]:
            assert row[facts.FIELD] == org["field"] and org["field"] in FIELDS


def test_same_seed_gives_the_same_workbook(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    generate(first, scale=0.05, seed=5)
    generate(second, scale=0.05, seed=5)
    for name in (facts.FILE, facts.TRUTH):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    generate(third := tmp_path / "third", scale=0.05, seed=6)
    assert workbook_rows(third) != workbook_rows(first)


def test_a_tiny_run_still_has_the_three_bad_rows(tmp_path: Path) -> None:
    manifest = generate(tmp_path, scale=0.001, seed=SEED)
    with (tmp_path / facts.TRUTH).open(encoding="utf-8", newline="") as handle:
        reasons = sorted(line["reason"] for line in csv.DictReader(handle) if line["reason"])
    assert reasons == ["field_unknown", "founder_kind_unknown", "no_such_organization"]
    assert manifest.facts_rows == len(workbook_rows(tmp_path)) - 2
