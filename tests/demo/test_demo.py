"""The synthetic demo census: deterministic, streamable, importable, and hard on purpose."""

import csv
import datetime as dt
import io
import random
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from python_calamine import CalamineWorkbook, SheetVisibleEnum
from stdnum.cn import uscc as stdnum_uscc
from stdnum.iso7064 import mod_11_10

from shezu.census.intake.headers import SYNONYM_INDEX, header_key
from shezu.demo.census import Manifest, SourceFile, generate
from shezu.demo.census.codes import (
    digits_only_uscc,
    excel_general_text,
    mistyped,
    org_code_check,
    registration_number,
    uscc,
)
from shezu.demo.census.generate import schedule, source_specs
from shezu.demo.census.organizations import Plan, organization
from shezu.demo.census.places import chinese_number

SCALE = 0.1
SEED = 2016
Table = list[list[object]]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("demo"), scale=SCALE, seed=SEED)


@pytest.fixture(scope="module")
def truth(demo: Manifest) -> dict[str, list[tuple[int, str, str]]]:
    lines: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with (demo.outdir / "ground_truth.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lines[row["file"]].append((int(row["row"]), row["org_id"], row["expected"]))
    return lines


@pytest.fixture(scope="module")
def noise(demo: Manifest) -> dict[tuple[str, int], set[str]]:
    with (demo.outdir / "noise.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["file"], int(row["row"])): set(row["kinds"].split(";"))
            for row in csv.DictReader(handle)
        }


@pytest.fixture(scope="module")
def organizations(demo: Manifest) -> list[dict[str, str]]:
    with (demo.outdir / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def features(demo: Manifest) -> list[dict[str, str]]:
    with (demo.outdir / "features.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_table(outdir: Path, source: SourceFile) -> Table:
    """Every row of the file, title and header included."""
    path = outdir / source.file
    if source.fmt == "csv":
        with path.open(encoding=source.encoding, newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(source.sheet)
    table: Table = [list(row) for row in sheet.to_python()]
    return table


def data_rows(demo: Manifest, department: str) -> tuple[SourceFile, dict[str, int], Table]:
    """(source, column index by canonical field, rows after the header)."""
    source = demo.file(department)
    table = read_table(demo.outdir, source)
    header = [str(h) for h in table[source.header_row - 1]]
    index = {field: header.index(name) for field, name in source.columns.items()}
    return source, index, table[source.header_row :]


def text(value: object) -> str:
    return "" if value is None else str(value)


# ------------------------------------------------------------ determinism and bookkeeping


def test_same_seed_gives_identical_files(demo: Manifest, tmp_path: Path) -> None:
    again = generate(tmp_path, scale=SCALE, seed=SEED)
    names = sorted(p.relative_to(demo.outdir) for p in demo.outdir.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for name in names:
        assert (demo.outdir / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert again.rows == demo.rows


def test_another_seed_gives_other_organizations(demo: Manifest, tmp_path: Path) -> None:
    generate(tmp_path, scale=SCALE, seed=7)
    assert (tmp_path / "organizations.csv").read_bytes() != (
        demo.outdir / "organizations.csv"
    ).read_bytes()


def test_an_organization_depends_only_on_its_seed_and_index() -> None:
    plan = Plan.for_scale(0.2)
    assert organization(SEED, "MF", 17, plan) == organization(SEED, "MF", 17, plan)
    keys = [key for key, _k in schedule(plan)]
    assert Counter(keys) == Counter(plan.counts)
    assert len(set(keys[:12])) >= 3  # categories are interleaved, not in blocks


def test_manifest_lists_six_files_with_mappings(demo: Manifest) -> None:
    with (demo.outdir / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "department", "mapping", "as_of", "rows"]
    assert [r["department"] for r in rows] == ["民政", "司法", "财政", "税务", "工商", "备案"]
    assert [r["file"] for r in rows] == [
        "民政_社会组织登记.xlsx",
        "司法_法律服务机构.xls",
        "财政_会计资产评估机构.csv",
        "税务_纳税人登记.csv",
        "工商_市场主体.csv",
        "备案_街道社区社会组织.xlsx",
    ]
    for row in rows:
        assert dt.date(2016, 3, 1) <= dt.date.fromisoformat(row["as_of"]) <= dt.date(2016, 4, 30)
        mapping = yaml.safe_load((demo.outdir / row["mapping"]).read_text(encoding="utf-8"))
        assert set(mapping) <= {"department", "file", "sheet", "header_row", "columns"}
        assert mapping["department"] == row["department"]
        assert mapping["file"] == row["file"]
        assert ("sheet" in mapping) == (not row["file"].endswith(".csv"))
        assert int(row["rows"]) == demo.file(row["department"]).rows > 0


def test_ground_truth_has_one_line_per_data_row(
    demo: Manifest, truth: dict[str, list[tuple[int, str, str]]]
) -> None:
    assert set(truth) == {f.file for f in demo.files}
    for source in demo.files:
        lines = truth[source.file]
        assert [row for row, _org, _e in lines] == list(range(1, len(lines) + 1))
        records = [line for line in lines if line[2] != "skipped"]
        assert len(records) == source.rows
        assert {e for _r, _o, e in lines} <= {"accepted", "rejected", "skipped"}
        assert all(org for _r, org, e in lines if e != "skipped")
        table = read_table(demo.outdir, source)
        assert len(table) - source.header_row == len(lines), source.file


def test_about_two_per_mille_of_rows_are_rejected(
    demo: Manifest, truth: dict[str, list[tuple[int, str, str]]]
) -> None:
    expected = Counter(e for lines in truth.values() for _r, _o, e in lines)
    # at least one of each kind even in small runs; about 0.2 % at scale 1
    assert 1 <= expected["rejected"] <= 8 + 0.003 * demo.rows


# ------------------------------------------------------------ the files themselves


def test_every_file_opens_and_its_header_holds_the_mapping(demo: Manifest) -> None:
    for source in demo.files:
        mapping = yaml.safe_load((demo.outdir / source.mapping).read_text(encoding="utf-8"))
        table = read_table(demo.outdir, source)
        header = [text(h) for h in table[mapping["header_row"] - 1]]
        assert set(mapping["columns"].values()) <= set(header), source.file
        # Without a mapping the synonyms find exactly the same columns.
        found = {SYNONYM_INDEX[header_key(h)]: h for h in header if header_key(h) in SYNONYM_INDEX}
        assert found == mapping["columns"], source.file
        assert "name" in mapping["columns"]


def test_headers_differ_between_departments(demo: Manifest) -> None:
    names = {source.columns["name"] for source in demo.files}
    assert len(names) == len(demo.files)


def test_csv_encodings(demo: Manifest) -> None:
    assert (demo.outdir / demo.file("工商").file).read_bytes().startswith(b"\xef\xbb\xbf")
    for department in ("财政", "税务"):
        raw = (demo.outdir / demo.file(department).file).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        raw.decode("gb18030")


def test_civil_workbook_has_hidden_dictionary_and_title(demo: Manifest) -> None:
    book = CalamineWorkbook.from_path(str(demo.outdir / demo.file("民政").file))
    first, data = book.sheets_metadata
    assert (first.name, first.visible) == ("字典", SheetVisibleEnum.Hidden)
    assert (data.name, data.visible) == ("登记信息", SheetVisibleEnum.Visible)
    rows = book.get_sheet_by_name("登记信息").to_python()
    assert rows[0][0] == "昆明市社会组织登记信息表（截至2016年3月31日）"
    _source, index, body = data_rows(demo, "民政")
    dates = [row[index["established_on"]] for row in body]
    assert any(isinstance(d, dt.date) for d in dates)
    assert any(isinstance(d, str) and d for d in dates)
    assert any(isinstance(row[index["phone"]], float) for row in body)  # phone as number


def test_filed_list_has_blank_and_totals_rows_that_are_skipped(
    demo: Manifest, truth: dict[str, list[tuple[int, str, str]]]
) -> None:
    source, index, body = data_rows(demo, "备案")
    skipped = [row for row, _o, e in truth[source.file] if e == "skipped"]
    assert len(skipped) == 2
    blank, totals = skipped
    assert 1 < blank < len(body)
    assert all(text(c) == "" for c in body[blank - 1])
    assert totals == len(body)
    assert body[-1][0] == "合计"
    assert int(float(text(body[-1][1]))) == source.rows
    assert "uscc" not in index


def test_large_justice_lists_switch_to_xlsx() -> None:
    small = {s.department: s.file for s in source_specs(Plan.for_scale(1))}
    large = {s.department: s.file for s in source_specs(Plan.for_scale(210))}
    assert small["司法"] == "司法_法律服务机构.xls"
    assert large["司法"] == "司法_法律服务机构.xlsx"


# ------------------------------------------------------------ identifiers


def _org_code_ok(code: str) -> bool:
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    value = 11 - sum(chars.index(c) * w for c, w in zip(code[:8], weights, strict=True)) % 11
    return code[8] == {10: "X", 11: "0"}.get(value, str(value))


def _code_ok(code: str) -> bool:
    """Valid as a credit code, registration number, old tax number or organization code."""
    if len(code) == 18:
        return bool(stdnum_uscc.is_valid(code))
    if len(code) == 15 and code.isdigit() and code.startswith("5301") and code[6] == "1":
        return bool(mod_11_10.is_valid(code))  # 工商注册号
    if len(code) == 15:  # old tax number: region + organization code
        return code[:4] == "5301" and _org_code_ok(code[6:])
    if len(code) == 9:
        return _org_code_ok(code)
    return False


def normalised(value: object) -> str:
    """A code as a validator sees it: full width, spaces, hyphens and case undone."""
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text(value))).upper()


def test_codes_are_valid_unless_mistyped(
    demo: Manifest, noise: dict[tuple[str, int], set[str]]
) -> None:
    checked = failed = 0
    for department in ("民政", "司法", "财政", "税务", "工商"):
        source, index, body = data_rows(demo, department)
        for number, row in enumerate(body, start=1):
            tags = noise.get((source.file, number), set())
            mistyped = {t.removesuffix("_mistyped") for t in tags if t.endswith("_mistyped")}
            if tags & {"tax_id_unrelated", "tax_id_scientific"}:
                mistyped.add("tax_id")  # the tax office's own number, or Excel's 5.3E+14
            if "old_registration_number" in tags and "business_reg_no" in mistyped:
                mistyped.add("uscc")  # 财政 keeps the registration number in that column
            for field in ("uscc", "org_code", "tax_id", "business_reg_no"):
                if field not in index or isinstance(row[index[field]], float):
                    continue  # lost digits, or an organization code typed as a number
                if field == "uscc" and "uscc_numeric_loss" in tags:
                    continue  # 9.15301E+17: lost for good
                value = normalised(row[index[field]])
                if not value:
                    continue
                if field in mistyped:
                    assert not _code_ok(value), (source.file, number, value)
                    failed += 1
                else:
                    assert _code_ok(value), (source.file, number, field, value)
                    checked += 1
    assert checked > demo.rows // 2
    assert failed >= 1


def test_tax_numbers_embed_the_organization_code_of_the_credit_code(
    demo: Manifest, truth: dict[str, list[tuple[int, str, str]]]
) -> None:
    credit: dict[str, str] = {}
    source, index, body = data_rows(demo, "民政")
    for (_row, org, _e), cells in zip(truth[source.file], body, strict=True):
        value = normalised(cells[index["uscc"]])
        if len(value) == 18 and stdnum_uscc.is_valid(value):
            credit[org] = value
    source, index, body = data_rows(demo, "税务")
    linked = 0
    for (_row, org, _e), cells in zip(truth[source.file], body, strict=True):
        value = normalised(cells[index["tax_id"]])
        if len(value) == 15 and _org_code_ok(value[6:]) and org in credit:
            assert value[6:] == credit[org][8:17]
            linked += 1
    assert linked > 20


def test_lost_digits_are_numbers_or_scientific_text_and_the_row_still_accepted(
    demo: Manifest,
    truth: dict[str, list[tuple[int, str, str]]],
    noise: dict[tuple[str, int], set[str]],
) -> None:
    seen = Counter[str]()
    for department in ("民政", "工商"):
        source, index, body = data_rows(demo, department)
        for (row, _org, expected), cells in zip(truth[source.file], body, strict=True):
            if "uscc_numeric_loss" not in noise.get((source.file, row), set()):
                continue
            value = cells[index["uscc"]]
            if department == "民政":
                assert isinstance(value, float) and value > 1e17
            else:
                assert re.fullmatch(r"9\.\d{1,5}E\+17", text(value))
            assert expected == "accepted"  # the name identifies the organization
            seen[department] += 1
    assert seen["民政"] >= 1 and seen["工商"] >= 1


def test_nameless_rows_without_identifiers_are_rejected(
    demo: Manifest,
    truth: dict[str, list[tuple[int, str, str]]],
    noise: dict[tuple[str, int], set[str]],
) -> None:
    nameless = {key for key, tags in noise.items() if "empty_name_no_identifier" in tags}
    assert nameless
    for source in demo.files:
        _source, index, body = data_rows(demo, source.department)
        for row, _org, expected in truth[source.file]:
            if (source.file, row) not in nameless:
                continue
            assert expected == "rejected"
            cells = body[row - 1]
            assert text(cells[index["name"]]) == ""
            identifiers = ["uscc", "org_code", "tax_id", "business_reg_no", "license_no"]
            if source.department == "备案":
                identifiers.append("record_id")
            assert all(text(cells[index[f]]) == "" for f in identifiers if f in index)


def test_jinning_codes_keep_the_retired_region() -> None:
    plan = Plan.for_scale(1)
    orgs = (organization(SEED, "MF", k, plan) for k in range(400))
    jinning = [o for o in orgs if o.county.code == "530115" and o.level == "县级"]
    assert jinning
    assert all(o.uscc[2:8] == "530122" for o in jinning)  # codes are lifelong


def test_code_helpers() -> None:
    assert org_code_check("60003734") == "1"
    assert uscc("91", "110000", "600037341") == "91110000600037341L"
    assert mod_11_10.is_valid(registration_number("530100", 1234567))
    assert excel_general_text("915301001234567891") == "9.15301E+17"
    code, credit = digits_only_uscc("51", "530100", "5", 3)
    assert credit.isdigit() and credit[8:17] == code and stdnum_uscc.is_valid(credit)
    assert not stdnum_uscc.is_valid(mistyped(credit, random.Random(1)))
    numerals = [chinese_number(n) for n in (10, 15, 105, 110, 123, 1001)]
    assert numerals == ["十", "十五", "一百零五", "一百一十", "一百二十三", "一千零一"]


# ------------------------------------------------------------ hard cases


def test_hard_negatives_are_different_organizations(
    organizations: list[dict[str, str]], features: list[dict[str, str]]
) -> None:
    by_name = {o["name"]: o for o in organizations}
    look_alikes = (
        ("昆明市书法家协会", "五华区书法家协会", "盘龙区书法家协会"),
        ("昆明市摄影家协会", "昆明市摄影协会"),
        ("昆明市浙江商会", "昆明市浙江商会青年企业家分会"),
    )
    for names in look_alikes:
        ids = {by_name[name]["org_id"] for name in names}
        assert len(ids) == len(names)
    kinds = Counter(f["feature"] for f in features)
    assert kinds["city_district"] == 3 and kinds["near_name"] == 2
    assert kinds["chamber_branch"] == 2
    assert kinds["building"] >= 20
    assert kinds["shared_rep"] >= 3
    assert kinds["renamed"] >= 1
    same_name = defaultdict(set)
    for f in features:
        if f["feature"] == "same_name":
            same_name[f["name"]].add(f["org_id"])
    assert same_name and all(len(ids) >= 2 for ids in same_name.values())


def test_names_are_unique_apart_from_community_groups(organizations: list[dict[str, str]]) -> None:
    names = Counter(o["name"] for o in organizations if o["category"] != "社区社会组织")
    assert names.most_common(1)[0][1] == 1


def test_organizations_hiding_in_one_building_share_address_and_phone(
    demo: Manifest,
    truth: dict[str, list[tuple[int, str, str]]],
    features: list[dict[str, str]],
) -> None:
    members = {f["org_id"] for f in features if f["feature"] == "building" and f["group"] == "0"}
    source, index, body = data_rows(demo, "民政")
    phones = Counter[str]()
    for (_row, org, _e), cells in zip(truth[source.file], body, strict=True):
        if org in members:
            phones.update(re.findall(r"6\d{7}", text(cells[index["phone"]]).replace(".0", "")))
    assert phones.most_common(1)[0][1] >= 15


def test_one_organization_appears_several_times_and_under_old_names(
    demo: Manifest,
    truth: dict[str, list[tuple[int, str, str]]],
    noise: dict[tuple[str, int], set[str]],
) -> None:
    tax = demo.file("税务").file
    per_tax = Counter(org for _r, org, e in truth[tax] if e != "skipped")
    assert max(per_tax.values()) == 2  # national and local tax bureau
    civil = demo.file("民政").file
    per_civil = Counter(org for _r, org, e in truth[civil] if e != "skipped")
    assert max(per_civil.values()) >= 2
    kinds = Counter(tag for tags in noise.values() for tag in tags)
    wanted = """old_tax_number name_prefix name_trailing_space name_former name_abbreviation
        legal_rep_outdated phone_two_numbers phone_missing date_serial date_chinese date_compact
        tax_id_spaced identifier_missing duplicate_old_registration"""
    for tag in wanted.split():
        assert kinds[tag] > 0, tag


def test_the_command_prints_a_summary(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("demo_data", str(tmp_path), "--scale", "0.02", "--seed", "3", stdout=out)
    assert "个组织" in out.getvalue()
    assert (tmp_path / "manifest.csv").exists()
