"""The demo's Party files: specified headers, Kunming's proportions, a county's mess, and
exactly the planted rejects recorded."""

import csv
import datetime as dt
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from stdnum.cn import ric

from shezu.demo.census.generate import generate, schedule
from shezu.demo.census.organizations import Organization, Plan, organization
from shezu.demo.party import (
    FILES,
    HEADERS,
    IMPORT_ORDER,
    KINDS,
    PartyDemoManifest,
    party_files_write,
)
from shezu.demo.party.rejects import REJECTS
from shezu.party.names import party_name_key
from shezu.party.vocabulary import ActivityKind

SEED = 2016
Table = list[list[object]]


def organizations(scale: float, seed: int = SEED) -> list[Organization]:
    plan = Plan.for_scale(scale)
    return [organization(seed, key, k, plan) for key, k in schedule(plan)]


@pytest.fixture(scope="module")
def true_orgs() -> list[Organization]:
    return organizations(1.0)


@pytest.fixture(scope="module")
def party(
    tmp_path_factory: pytest.TempPathFactory, true_orgs: list[Organization]
) -> PartyDemoManifest:
    return party_files_write(tmp_path_factory.mktemp("party"), iter(true_orgs), seed=SEED)


def read_rows(path: Path) -> Table:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


@pytest.fixture(scope="module")
def tables(party: PartyDemoManifest) -> dict[str, Table]:
    return {kind: read_rows(party.outdir / FILES[kind]) for kind in KINDS}


def cells(table: Table) -> dict[int, dict[str, object]]:
    """Data rows by Excel row number, each as header → value (blank rows left out)."""
    header = [str(h) for h in table[1]]
    out = {}
    for number, row in enumerate(table[2:], start=3):
        if any(v not in ("", None) for v in row):
            out[number] = dict(zip(header, row, strict=False))
    return out


def truth_lines(party: PartyDemoManifest, name: str) -> list[dict[str, str]]:
    with (party.outdir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def planted(party: PartyDemoManifest) -> dict[str, dict[int, str]]:
    rows: dict[str, dict[int, str]] = defaultdict(dict)
    for line in truth_lines(party, "party_truth.csv"):
        if line["expected"] == "rejected":
            rows[line["file"]][int(line["row"])] = line["reason_kind"]
    return rows


def as_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def as_int(value: object) -> int:
    return int(float(unicodedata.normalize("NFKC", str(value))))


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def as_date(value: object) -> dt.date | None:
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    match = _DATE.match(text)
    assert match, f"not a date: {text!r}"
    return dt.date(*(int(g) for g in match.groups()))


# ------------------------------------------------------------ headers and bookkeeping


def test_each_file_has_a_title_row_and_exactly_the_specified_headers(tables) -> None:
    for kind, table in tables.items():
        assert table[0][0] and not any(table[0][1:]), kind  # the merged title
        assert sorted(str(h) for h in table[1] if h) == sorted(HEADERS[kind]), kind
    assert [str(h) for h in tables["members"][1]] != list(HEADERS["members"])  # county order


def test_the_files_import_in_order_organizations_first() -> None:
    assert [kind for kind, _ in IMPORT_ORDER] == [
        "orgs",
        "members",
        "secretaries",
        "instructors",
        "activities",
    ]


def test_manifest_counts_the_data_rows(party, tables) -> None:
    for kind in KINDS:
        assert party.file(kind).rows == len(cells(tables[kind])), kind
    assert any(all(v in ("", None) for v in row) for row in tables["members"][2:])  # blank rows


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    small = organizations(0.1)
    party_files_write(tmp_path / "a", iter(small), seed=SEED)
    party_files_write(tmp_path / "b", iter(small), seed=SEED)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 10
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_census_generator_writes_the_party_files_beside_its_own(tmp_path: Path) -> None:
    manifest = generate(tmp_path, scale=0.03, seed=5)
    assert manifest.party is not None
    for kind in KINDS:
        assert (tmp_path / FILES[kind]).exists()
    assert {r for _, _, r in manifest.party.rejects} == {r for _, r, _ in REJECTS}


# ------------------------------------------------------------ planted rejects


def test_every_planted_reject_kind_is_present_and_recorded(party, tables) -> None:
    rows = planted(party)
    recorded = {(FILES[kind], reason) for kind, reason, _ in REJECTS}
    assert {(f, r) for f, by_row in rows.items() for r in by_row.values()} == recorded
    assert sorted((f, n, r) for f, by_row in rows.items() for n, r in by_row.items()) == sorted(
        party.rejects
    )
    total = sum(party.file(kind).rows for kind in KINDS)
    assert sum(len(v) for v in rows.values()) < 0.01 * total

    orgs = cells(tables["orgs"])
    names = Counter(o.name.full for o in organizations(1.0))
    for number, reason in rows[FILES["orgs"]].items():
        covered = as_text(orgs[number]["覆盖社会组织"])
        assert names[covered] == (0 if reason == "organization_unknown" else 3), covered
    members = cells(tables["members"])
    for number, reason in rows[FILES["members"]].items():
        row = members[number]
        number_text = as_text(row["公民身份号码"])
        if reason == "id_check_digit":
            assert not ric.is_valid(number_text)
        elif reason == "birth_date_mismatch":
            assert ric.get_birth_date(number_text) != as_date(row["出生日期"])
    activities = cells(tables["activities"])
    for number, reason in rows[FILES["activities"]].items():
        row = activities[number]
        if reason == "attendance_exceeds_expected":
            assert as_int(row["实到人数"]) > as_int(row["应到人数"])
        else:
            assert row["活动类型"] not in ActivityKind.labels


def test_rows_a_rule_check_should_flag_are_recorded_as_accepted(party) -> None:
    flagged = Counter(
        line["reason_kind"]
        for line in truth_lines(party, "party_truth.csv")
        if line["expected"] == "accepted"
    )
    for reason in ("joint_over_five", "under_three_full", "upper_body_unknown", "no_committee"):
        assert flagged[reason] > 0, reason


# ------------------------------------------------------------ proportions (Kunming 2016)


def test_proportions_follow_kunming_2016(party) -> None:
    f = party.figures
    in_scope = f["organizations_in_scope"]
    covered = sum(f[f"organizations_{k}"] for k in ("single", "joint", "work"))
    baseline = sum(f[f"baseline_organizations_{k}"] for k in ("single", "joint", "work"))
    assert 0.84 <= covered / in_scope <= 0.94
    assert 0.07 <= baseline / in_scope <= 0.14
    assert 0.28 <= f["party_orgs"] / covered <= 0.38
    assert 0.58 <= f["party_orgs_single"] / f["party_orgs"] <= 0.70
    members = f["members_full"] + f["members_probationary"]
    assert 2.5 <= members / covered <= 3.3
    assert 0.06 <= f["members_probationary"] / members <= 0.11
    for figure in (
        "party_orgs_committee",
        "party_orgs_general_branch",
        "party_orgs_dissolved",
        "party_orgs_founded_after_as_of",
        "joint_over_five",
        "branches_under_three_full",
        "pocket_members",
    ):
        assert f[figure] > 0, figure


def test_truth_files_add_up_to_the_figures(party) -> None:
    party_orgs = truth_lines(party, "party_orgs_truth.csv")
    existing = [p for p in party_orgs if p["exists"] == "1"]
    assert len(existing) == party.figures["party_orgs"]
    assert sum(int(p["full_members"]) for p in existing) == party.figures["members_full"]
    by_org = truth_lines(party, "party_members_truth.csv")
    assert len(by_org) == len({o["org_id"] for o in by_org}) == 4910
    in_scope = Counter(o["coverage"] for o in by_org if o["in_scope"] == "1")
    assert in_scope["单独组建"] == party.figures["organizations_single"]
    assert in_scope["工作覆盖"] == party.figures["organizations_work"]


def test_joint_branches_cover_two_to_five_mostly_with_dated_comings_and_goings(tables) -> None:
    sizes: Counter[int] = Counter()
    notes: set[str] = set()
    for row in cells(tables["orgs"]).values():
        if row["组建方式"] in ("联合组建", "联建"):
            parts = re.split("[；;、]", as_text(row["覆盖社会组织"]))
            sizes[min(len(parts), 6)] += 1
            for part in parts:
                note = part[part.index("（") :] if "（" in part else ""
                if note.endswith("起）"):
                    notes.add("joined")
                elif note.startswith("（至"):
                    notes.add("until")
                elif "至" in note:
                    notes.add("joined and until")
    assert sizes[1] == 0 and sizes[6] > 0
    assert sum(sizes[n] for n in range(2, 6)) > 0.9 * sum(sizes.values())
    assert notes == {"joined", "until", "joined and until"}


# ------------------------------------------------------------ how counties write


def test_references_are_what_a_county_writes_never_the_generators_ids(party, tables, true_orgs):
    by_id = {o.org_id: o for o in true_orgs}
    full_names = Counter(o.name.full for o in true_orgs)
    forms: Counter[str] = Counter()
    rows = {kind: cells(table) for kind, table in tables.items()}
    for line in truth_lines(party, "party_refs.csv"):
        text, org = line["text"], by_id[line["org_id"]]
        form = line["form"].removesuffix("_spaced")
        forms[form] += 1
        assert not re.fullmatch(r"[A-Z]{2}\d{6}", text.strip())
        kind = next(k for k, f in FILES.items() if f == line["file"])
        cell = as_text(rows[kind][int(line["row"])][line["column"]])
        assert text.strip() in cell
        written = text.strip()
        if form.startswith("uscc"):
            assert written.upper() == org.uscc
        elif form == "name":
            assert written == org.name.full and full_names[written] == 1
        elif form == "name_with_city":
            assert written == "昆明市" + org.name.full and full_names[written] == 0
        else:
            assert form == "former_name" and written == org.former_name
            assert full_names[written] == 0
    assert {
        "uscc",
        "uscc_lower",
        "name",
        "name_with_city",
        "former_name",
    } <= set(forms)


def test_id_numbers_are_valid_and_match_the_birth_date_except_the_planted(party, tables) -> None:
    wrong = planted(party)[FILES["members"]]
    seen: Counter[str] = Counter()
    for number, row in cells(tables["members"]).items():
        written = as_text(row["公民身份号码"])
        seen["lower_x"] += written.endswith("x")
        seen["spaced"] += str(row["公民身份号码"]) != written
        if number in wrong and wrong[number] == "id_check_digit":
            continue
        assert ric.is_valid(written.upper()), (number, written)
        birth = as_date(row["出生日期"])
        if birth and wrong.get(number) != "birth_date_mismatch":
            assert birth == ric.get_birth_date(written.upper()), number
        joined = as_date(row["入党日期"])
        born = ric.get_birth_date(written.upper())
        assert joined and joined >= born + dt.timedelta(days=18 * 365 + 4)
        assert 22 <= (dt.date(2016, 10, 31) - born).days // 365.25 <= 75
    assert seen["lower_x"] > 0 and seen["spaced"] > 0


def test_dates_come_in_every_notation(tables) -> None:
    shapes: Counter[str] = Counter()
    for row in cells(tables["members"]).values():
        value = row["入党日期"]
        if isinstance(value, dt.date):
            shapes["cell"] += 1
        else:
            text = str(value)
            shapes["compact" if text.isdigit() else re.sub(r"\d+", "9", text)] += 1
    assert {"cell", "compact", "9-9-9", "9/9/9", "9.9.9", "9年9月9日"} <= set(shapes)


def test_full_width_digits_and_sexes(tables) -> None:
    expected = [row["应到人数"] for row in cells(tables["activities"]).values()]
    assert any(isinstance(v, str) and unicodedata.normalize("NFKC", v) != v for v in expected)
    sexes = Counter(str(row["性别"])[0] for row in cells(tables["members"]).values())
    assert 0.5 <= sexes["男"] / (sexes["男"] + sexes["女"]) <= 0.62


def test_names_of_party_organizations_resolve_in_the_orgs_file_except_the_planted(
    party, tables
) -> None:
    keys = {party_name_key(as_text(r["党组织名称"])) for r in cells(tables["orgs"]).values()}
    wrong = planted(party)
    for kind, column in (
        ("members", "所在党组织"),
        ("secretaries", "党组织名称"),
        ("activities", "党组织名称"),
    ):
        for number, row in cells(tables[kind]).items():
            name = as_text(row[column])
            if not name or wrong[FILES[kind]].get(number) == "party_org_unknown":
                continue
            assert party_name_key(name) in keys, (kind, number, name)
    forms = {as_text(r["党组织名称"])[-4:] for r in cells(tables["orgs"]).values()}
    assert {"支部委员会"[-4:], "联合党支部"[-4:]} <= forms


def test_every_channel_and_first_secretaries(tables) -> None:
    rows = cells(tables["secretaries"]).values()
    channels = {row["来源"] for row in rows}
    assert {
        "社会组织负责人",
        "社会组织管理层",
        "退休干部",
        "不担任现职的党政领导干部",
        "公开招聘",
        "上级选派",
    } <= channels
    assert any(row["职务"] == "第一书记" for row in rows)
    assert any(row["离任日期"] not in ("", None) for row in rows)


def test_activities_stay_within_the_vocabulary_and_attendance(party, tables) -> None:
    wrong = planted(party)[FILES["activities"]]
    kinds = Counter()
    for number, row in cells(tables["activities"]).items():
        if number in wrong:
            continue
        kinds[row["活动类型"]] += 1
        assert 1 <= as_int(row["实到人数"]) <= as_int(row["应到人数"])
    assert set(kinds) <= set(ActivityKind.labels)
    assert kinds["主题党日"] > kinds["支部党员大会"] > 0 and kinds["集中教育"] > 0
