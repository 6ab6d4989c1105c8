"""The road gazetteer (道路名录): townships from road and house number."""

import csv
from pathlib import Path

import pytest

from shezu.census.normalise import roads
from shezu.census.normalise.divisions import (
    AddressMatch,
    counties,
    county_by_code,
    resolve_address,
    township_code,
    townships,
    zones,
)
from shezu.census.normalise.roads import RoadPlace, locate_road, road_in_address

DATA = Path(roads.__file__).parent / "data"
HIGH_TECH = "昆明国家高新技术产业开发区"
RESORT = "昆明滇池国家旅游度假区"


def gazetteer() -> list[dict[str, str]]:
    with (DATA / "kunming_roads.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------
# The data file


def test_every_road_lies_in_a_township_or_zone_of_its_own_county() -> None:
    places = {c.code: {t.name for t in townships(c.code)} for c in counties()}
    for zone in zones():
        places[zone.parent].add(zone.name)
    for row in gazetteer():
        assert row["township"] or row["zone"], row
        assert row["township"] in places[row["county_code"]] | {""}, row
        assert row["zone"] in places[row["county_code"]] | {""}, row
        assert row["source"] in {"gov", "ref", "known", "demo"}, row
        assert row["parity"] in {"", "odd", "even"}, row


def test_stretches_of_one_road_do_not_overlap() -> None:
    by_road: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in gazetteer():
        by_road.setdefault((row["county_code"], row["road"]), []).append(row)
    for (county, road), rows in by_road.items():
        if len(rows) == 1:
            continue
        stretches = roads.stretches(county, road)
        for number in range(1, 3000):
            holding = [s for s in stretches if s.holds(number)]
            assert len(holding) <= 1, (road, number)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("530102,某路,华山街道,,1,,,demo", "house numbers 1–None"),
        ("530102,某路,华山街道,,9,1,,demo", "house numbers 9–1"),
        ("530102,某路,华山街道,,,,left,demo", "parity 'left'"),
    ],
)
def test_a_malformed_gazetteer_row_is_refused_with_its_line(
    row: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "kunming_roads.csv"
    bad.write_text("county_code,road,township,zone,from_no,to_no,parity,source\n" + row + "\n")
    monkeypatch.setattr(roads, "_DATA", bad)
    roads._gazetteer.cache_clear()
    try:
        with pytest.raises(ValueError, match=f"kunming_roads.csv:2: {message}"):
            roads.gazetteer()
    finally:
        roads._gazetteer.cache_clear()


# ---------------------------------------------------------------------------
# Lookups


def test_a_road_in_one_township_gives_that_township_whatever_the_number() -> None:
    assert locate_road("530102", "王筇路", 8) == RoadPlace(township="普吉街道")
    assert locate_road("530102", "王筇路", None) == RoadPlace(township="普吉街道")


def test_a_crossing_road_with_the_number_in_a_stretch_gives_that_stretch() -> None:
    assert locate_road("530102", "人民西路", 150) == RoadPlace(township="大观街道")
    assert locate_road("530102", "人民西路", 200) == RoadPlace(township="丰宁街道")


def test_a_road_split_by_sides_gives_the_side_of_the_number() -> None:
    assert locate_road("530102", "人民中路", 123) == RoadPlace(township="华山街道")
    assert locate_road("530102", "人民中路", 124) == RoadPlace(township="护国街道")


def test_a_crossing_road_with_a_number_outside_every_stretch_gives_candidates() -> None:
    found = locate_road("530102", "人民西路", 1500)
    assert found == RoadPlace(candidates=("大观街道", "丰宁街道"))


def test_a_crossing_road_without_a_number_gives_candidates() -> None:
    found = locate_road("530103", "北京路", None)
    assert found == RoadPlace(candidates=("拓东街道", "东华街道", "金辰街道"))


def test_a_road_through_a_zone_gives_the_zone() -> None:
    assert locate_road("530112", "滇池路", 1500) == RoadPlace(zone=RESORT)
    assert locate_road("530112", "滇池路", 500) == RoadPlace(township="前卫街道")


def test_an_address_naming_the_zone_keeps_to_the_roads_stretches_in_it() -> None:
    assert locate_road("530112", "滇池路", 500, zone=RESORT) == RoadPlace(zone=RESORT)


def test_a_road_is_known_only_in_its_own_county() -> None:
    assert locate_road("530111", "王筇路", 8) == RoadPlace()
    assert locate_road("530102", "不存在路", 8) == RoadPlace()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("五华区人民中路123号金龙大厦5楼", ("人民中路", 123)),
        ("五华区人民中路金龙大厦", ("人民中路", None)),
        ("五华区正义路与人民中路交叉口人民中路12-3号", ("人民中路", 12)),
        ("五华区二环西路100号", ("二环西路", 100)),  # not 环城西路 or a shorter road
        ("五华区大观街道篆塘社区", ("", None)),  # 大观街 of 大观街道 is no road
        ("", ("", None)),
    ],
)
def test_road_in_address(text: str, expected: tuple[str, int | None]) -> None:
    assert road_in_address(text) == expected


# ---------------------------------------------------------------------------
# Resolution


def test_an_address_with_county_road_and_number_gets_the_township_from_the_road() -> None:
    found = resolve_address("昆明市五华区人民中路123号金龙大厦5楼")
    assert found == AddressMatch("530102", "五华区", "华山街道", "", "", 0.85)


def test_an_ambiguous_road_leaves_the_township_blank_and_names_the_candidates() -> None:
    found = resolve_address("五华区人民西路1500号")
    assert (found.county_code, found.township, found.confidence) == ("530102", "", 0.6)
    assert found.township_candidates == ("大观街道", "丰宁街道")


def test_a_road_in_a_zone_gives_the_zone_when_the_address_names_only_the_county() -> None:
    found = resolve_address("五华区海源中路8号")
    assert (found.county_code, found.township, found.zone) == ("530102", "", HIGH_TECH)
    assert found.confidence == 0.7


def test_a_township_named_in_the_address_wins_over_the_road() -> None:
    found = resolve_address("五华区护国街道人民中路123号")  # the road says 华山街道 for odd numbers
    assert (found.township, found.confidence, found.township_candidates) == ("护国街道", 1.0, ())


def test_the_township_column_wins_over_the_road() -> None:
    found = resolve_address("五华区人民西路1500号", township="大观")
    assert (found.township, found.township_candidates) == ("大观街道", ())


def test_a_road_without_a_county_resolves_to_nothing() -> None:
    assert resolve_address("人民中路123号") == AddressMatch()


# ---------------------------------------------------------------------------
# Township codes


def test_township_codes_are_the_statistical_codes_of_townships_and_zones() -> None:
    assert township_code("华山街道") == "530102001"
    assert township_code("晋城镇") == "530115100"
    assert township_code(HIGH_TECH) == "530102401"
    assert township_code("五华区") == ""
    assert township_code("不存在街道") == ""
    assert county_by_code("530102001") is None  # township codes stay out of county lookups


def test_every_township_has_a_nine_digit_code_under_its_county() -> None:
    for county in counties():
        for town in townships(county.code):
            assert len(town.township_code) == 9 and town.township_code.startswith(county.code)
