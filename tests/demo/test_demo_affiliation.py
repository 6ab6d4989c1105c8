"""The demo's facts for classification: founders (举办单位) and their kinds, as the truth
holds them and as the 民政 list shows them (mostly not at all)."""

import csv
import re
from collections import Counter

import pytest
from python_calamine import CalamineWorkbook

from shezu.census.labels import FOUNDER_KINDS
from shezu.demo.census import Manifest, generate, sponsors

SCALE = 0.1
SEED = 2016


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
