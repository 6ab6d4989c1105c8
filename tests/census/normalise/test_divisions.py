"""Kunming divisions (行政区划) and address resolution (地址解析)."""

import csv
from pathlib import Path

import pytest

from shezu.census.normalise import divisions
from shezu.census.normalise.divisions import (
    AddressMatch,
    Division,
    counties,
    county_by_code,
    normalise_address,
    region_aliases,
    resolve_address,
    resolve_county_name,
    townships,
    zones,
)

DATA = Path(divisions.__file__).parent / "data"
HIGH_TECH = "昆明国家高新技术产业开发区"


# ---------------------------------------------------------------------------
# The data files


def test_data_files_agree_with_each_other() -> None:
    with (DATA / "kunming_divisions.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = {r["code"] for r in rows if r["code"]}
    units = {(r["parent"], r["name"]) for r in rows if r["kind"] in ("街道", "镇", "乡", "zone")}
    assert all(r["parent"] in codes | {"530000"} for r in rows)
    assert len({r["name"] for r in rows}) == len(rows), "names are unique"
    by_name = {r["name"]: r["code"] for r in rows if r["kind"] == "county"}
    with (DATA / "kunming_communities.csv").open(encoding="utf-8") as fh:
        places = {(by_name[r["county"]], r["township"]) for r in csv.DictReader(fh)}
    assert places == units


def test_counties_are_the_fourteen_current_units() -> None:
    found = counties()
    assert len(found) == 14
    assert [d.code for d in found] == sorted(d.code for d in found)
    assert {d.kind for d in found} == {"county"}
    assert "530121" not in {d.code for d in found}
    assert "530122" not in {d.code for d in found}
    assert found[0] == Division("530102", "五华区", "五华", "county", "530100")


def test_township_counts_match_the_domain_table() -> None:
    expected = {
        "530102": 10, "530103": 12, "530111": 10, "530112": 10, "530113": 8,
        "530114": 10, "530115": 8, "530124": 7, "530125": 9, "530126": 7,
        "530127": 5, "530128": 16, "530129": 16, "530181": 9,
    }  # fmt: skip
    assert {c.code: len(townships(c.code)) for c in counties()} == expected
    assert sum(expected.values()) == 137


def test_townships_of_a_county() -> None:
    names = [t.name for t in townships("530102")]
    assert "大观街道" in names
    assert HIGH_TECH not in names  # zones are listed by zones()
    assert all(t.parent == "530102" for t in townships("530102"))
    assert townships("530122") == townships("530115")
    assert townships("999999") == ()


def test_zones_have_host_counties() -> None:
    by_short = {z.short: z for z in zones()}
    assert by_short["高新区"].parent == "530102"
    assert by_short["经开区"].parent == "530111"
    assert by_short["度假区"].parent == "530112"
    assert by_short["阳宗海"].parent == "530125"
    assert by_short["倘甸"].parent == "530129"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("530102", "530102"),
        (" 530181 ", "530181"),
        ("530122", "530115"),  # 晋宁县 → 晋宁区
        ("530121", "530114"),  # 呈贡县 → 呈贡区
        ("530143", "530102"),  # 高新区 → host county
        ("530100", None),  # the city is not a county
        ("530000", None),
        ("110101", None),
        ("", None),
    ],
)
def test_county_by_code(code: str, expected: str | None) -> None:
    found = county_by_code(code)
    assert (found.code if found else None) == expected


def test_region_aliases_cover_full_short_retired_and_zone_names() -> None:
    aliases = region_aliases()
    assert aliases["五华区"].code == "530102"
    assert aliases["五华"].code == "530102"
    assert aliases["晋宁县"].code == "530115"
    assert aliases["石林县"].code == "530126"
    assert aliases["高新区"].code == "530143"
    assert "大观街道" not in aliases


# ---------------------------------------------------------------------------
# resolve_county_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("五华区", "530102"),
        ("五华", "530102"),
        (" 五 华 区 ", "530102"),
        ("昆明市五华区", "530102"),
        ("云南省昆明市五华区", "530102"),
        ("晋宁县", "530115"),
        ("晋宁区", "530115"),
        ("呈贡县", "530114"),
        ("石林县", "530126"),
        ("石林彝族自治县", "530126"),
        ("寻甸县", "530129"),
        ("安宁市", "530181"),
        ("高新区", "530102"),
        ("昆明高新区", "530102"),
        ("昆明国家高新技术产业开发区", "530102"),
        ("经开区", "530111"),
        ("度假区", "530112"),
        ("滇池度假区", "530112"),
        ("阳宗海", "530125"),
        ("倘甸", "530129"),
        ("杨林经开区", "530127"),  # not 经开区 530111
        ("五华区民政局", "530102"),
        ("昆明", None),
        ("昆明市", None),
        ("大观街道", None),
        ("盘龙江", None),  # a river
        ("五华山", None),  # a hill
        ("", None),
        ("北京市朝阳区", None),
    ],
)
def test_resolve_county_name(text: str, code: str | None) -> None:
    found = resolve_county_name(text)
    assert (found.code if found else None) == code


# ---------------------------------------------------------------------------
# normalise_address


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("人民中路一百二十三号", "人民中路123号"),
        ("人民中路１２３号", "人民中路123号"),
        ("十五号", "15号"),
        ("二十号", "20号"),
        ("一百零五号", "105号"),
        ("附二号", "附2号"),
        ("八号附三", "8号附3"),
        ("三单元五〇二室", "3单元502室"),
        ("七号楼十二层", "7号楼12层"),
        ("十栋", "10栋"),
        ("二幢", "2幢"),
        ("一二一大街", "一二一大街"),  # a road's name
        ("一二一大街一号", "一二一大街1号"),
        ("八街街道", "八街街道"),
        ("六甲街道", "六甲街道"),
        ("云南省昆明市五华区人民中路", "五华区人民中路"),
        ("中国云南省昆明市盘龙区", "盘龙区"),
        ("云南昆明官渡区", "官渡区"),
        ("昆明五华区", "五华区"),
        ("昆明高新区科医路", "高新区科医路"),
        ("昆明理工大学", "昆明理工大学"),  # a proper name, not the city
        ("五华区昆明饭店", "五华区昆明饭店"),
        ("云南白药大厦", "云南白药大厦"),
        ("中国银行", "中国银行"),
        ("昆明市", "昆明市"),  # nothing would be left
        ("晋宁县昆阳街道", "晋宁区昆阳街道"),
        ("云南省昆明市呈贡县龙城镇", "呈贡区龙城镇"),
        ("五华区 人民中路\u3000１号", "五华区人民中路1号"),
        ("五华区(近华山)", "五华区（近华山）"),
        ("Ａ座，３楼", "A座，3楼"),
        ("", ""),
    ],
)
def test_normalise_address(raw: str, expected: str) -> None:
    assert normalise_address(raw) == expected


# ---------------------------------------------------------------------------
# resolve_address


def test_full_address_resolves_to_community() -> None:
    found = resolve_address("云南省昆明市五华区大观街道篆塘社区人民西路1号")
    assert found == AddressMatch("530102", "五华区", "大观街道", "", "篆塘社区", 1.0)


def test_nothing_found() -> None:
    assert resolve_address("人民中路1号") == AddressMatch()
    assert resolve_address("") == AddressMatch()
    assert resolve_address("北京市朝阳区建国路1号").confidence == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "晋宁县昆阳街道月山路1号",
        "云南省昆明市晋宁县昆阳街道",
        "晋宁区昆阳街道月山路1号",
        "昆明市晋宁县昆阳镇",  # 昆阳 was a 镇 before it became a 街道
    ],
)
def test_jinning_county_addresses_resolve_to_the_district(text: str) -> None:
    found = resolve_address(text)
    assert (found.county_code, found.county, found.township) == ("530115", "晋宁区", "昆阳街道")
    assert found.confidence == 1.0


def test_retired_county_alone() -> None:
    assert resolve_address("晋宁县新街").county_code == "530115"
    assert resolve_address("呈贡县").county_code == "530114"
    assert resolve_address("x", area="晋宁县").county_code == "530115"


@pytest.mark.parametrize(
    ("text", "county_code", "zone_short"),
    [
        ("昆明市高新区科医路50号", "530102", "高新区"),
        ("昆明高新技术产业开发区海源中路", "530102", "高新区"),
        ("经开区信息产业基地", "530111", "经开区"),
        ("昆明经济技术开发区", "530111", "经开区"),
        ("滇池度假区", "530112", "度假区"),
        ("阳宗海风景名胜区", "530125", "阳宗海"),
        ("嵩明杨林经开区兴达路", "530127", "杨林经开区"),
    ],
)
def test_zone_addresses(text: str, county_code: str, zone_short: str) -> None:
    found = resolve_address(text)
    zone = next(z for z in zones() if z.short == zone_short)
    assert (found.county_code, found.zone, found.township) == (county_code, zone.name, "")
    assert found.confidence == 0.7


def test_zone_with_a_community_of_the_zone() -> None:
    found = resolve_address("高新区万裕社区")
    assert (found.county_code, found.zone, found.community) == ("530102", HIGH_TECH, "万裕社区")
    assert found.township == ""
    assert found.confidence == 0.9


def test_zone_and_named_township() -> None:
    found = resolve_address("五华区红云街道", area="高新区")
    assert (found.county_code, found.township, found.zone) == ("530102", "红云街道", HIGH_TECH)
    assert found.confidence == 1.0


def test_tangdian_town_is_a_township_not_the_zone() -> None:
    found = resolve_address("寻甸县倘甸镇")
    assert (found.township, found.zone) == ("倘甸镇", "")


@pytest.mark.parametrize(
    ("text", "county_code"),
    [
        ("五华区大观路100号", "530102"),  # 大观街道 exists
        ("盘龙区龙泉街88号", "530103"),  # 龙泉街道
        ("西山区金碧东路1号", "530112"),  # 金碧街道
        ("盘龙区拓东东路1号", "530103"),  # 拓东街道
        ("官渡区吴井东路1号", "530111"),  # 吴井街道
        ("西山区马街中路1号", "530112"),  # 马街街道
    ],
)
def test_road_named_like_a_township_is_not_a_township(text: str, county_code: str) -> None:
    found = resolve_address(text)
    assert (found.county_code, found.township) == (county_code, "")
    assert found.confidence == 0.6


def test_a_road_the_gazetteer_places_gives_its_township_not_the_one_it_is_named_after() -> None:
    found = resolve_address("盘龙区龙泉路88号")  # 1–599 lie in 青云街道
    assert (found.county_code, found.township, found.confidence) == ("530103", "青云街道", 0.85)


def test_road_alone_resolves_to_nothing() -> None:
    assert resolve_address("大观路100号") == AddressMatch()
    assert resolve_address("龙泉路88号") == AddressMatch()


@pytest.mark.parametrize(
    ("text", "county_code", "township"),
    [
        ("官渡区官渡街道", "530111", "官渡街道"),
        ("石林县石林街道", "530126", "石林街道"),
        ("宜良县马街镇", "530125", "马街镇"),
        ("西山区马街街道", "530112", "马街街道"),
        ("东川区乌龙镇", "530113", "乌龙镇"),
        ("呈贡区乌龙街道", "530114", "乌龙街道"),
        ("官渡区小板桥街道", "530111", "小板桥街道"),
        ("石林县板桥街道", "530126", "板桥街道"),
        ("晋宁区双河乡", "530115", "双河彝族乡"),
        ("安宁市温泉镇", "530181", "温泉街道"),  # old name
    ],
)
def test_townships_with_shared_short_names(text: str, county_code: str, township: str) -> None:
    found = resolve_address(text)
    assert (found.county_code, found.township, found.confidence) == (county_code, township, 1.0)


def test_county_only() -> None:
    found = resolve_address("官渡区云秀路1号")
    assert (found.county_code, found.county, found.township) == ("530111", "官渡区", "")
    assert found.confidence == 0.6


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("五华人民中路1号", "530102"),  # short name at the start, then a road
        ("官渡关上街道", "530111"),  # short name, then a township
        ("五华", "530102"),
        ("盘龙江畔", ""),  # a river
        ("五华山", ""),  # a hill
        ("西山公园", ""),
        ("西山村", "530124"),  # a village in 富民县, not 西山区
        ("金星小区西山路", ""),  # not at the start, no township after it
    ],
)
def test_short_county_names_need_context(text: str, code: str) -> None:
    assert resolve_address(text).county_code == code


def test_county_inferred_from_township() -> None:
    found = resolve_address("大观街道人民西路1号")
    assert (found.county_code, found.township, found.confidence) == ("530102", "大观街道", 0.9)
    assert resolve_address("小街镇").county_code == "530127"


def test_township_inferred_from_community() -> None:
    found = resolve_address("五华区篆塘社区")
    assert (found.township, found.community, found.confidence) == ("大观街道", "篆塘社区", 0.9)


def test_county_and_township_inferred_from_unique_community() -> None:
    found = resolve_address("篆塘社区")
    assert found == AddressMatch("530102", "五华区", "大观街道", "", "篆塘社区", 0.8)


def test_community_ambiguous_in_the_city() -> None:
    # 团结社区 exists in several counties: nothing can be inferred from it alone.
    assert resolve_address("团结社区") == AddressMatch()


def test_community_ambiguous_in_the_county_keeps_the_county() -> None:
    # 晋宁区 has a 回龙村 in two townships.
    assert _places("回龙村")["晋宁区"] == 2
    found = resolve_address("晋宁区回龙村")
    assert (found.county_code, found.township, found.community) == ("530115", "", "")
    assert found.confidence == 0.6


def test_two_character_village_needs_a_township() -> None:
    assert resolve_address("大村").community == ""
    found = resolve_address("东川区乌龙镇大村")
    assert (found.township, found.community) == ("乌龙镇", "大村")


def test_village_name_inside_a_township_name_is_not_a_village() -> None:
    found = resolve_address("富民县东村镇")  # 东村 is also a village elsewhere
    assert (found.township, found.community) == ("东村镇", "")


def test_placeholder_communities_are_ignored() -> None:
    assert resolve_address("虚拟社区").community == ""


# Explicit columns


def test_explicit_columns_resolve_like_the_address() -> None:
    found = resolve_address("", area="五华", township="大观", community="篆塘社区居委会")
    assert found == AddressMatch("530102", "五华区", "大观街道", "", "篆塘社区", 1.0)


def test_explicit_township_column_variants() -> None:
    assert resolve_address("", township="大观街道办事处").township == "大观街道"
    assert resolve_address("", township="大观街道办").township == "大观街道"
    assert resolve_address("", township="小街镇人民政府").township == "小街镇"
    zone = resolve_address("", township="高新区")
    assert (zone.county_code, zone.zone, zone.confidence) == ("530102", HIGH_TECH, 0.7)


def test_explicit_short_township_is_ambiguous_without_county() -> None:
    # 乌龙 is 乌龙镇 in 东川区 and 乌龙街道 in 呈贡区.
    assert resolve_address("", township="乌龙") == AddressMatch()
    found = resolve_address("", area="呈贡区", township="乌龙")
    assert (found.county_code, found.township, found.confidence) == ("530114", "乌龙街道", 1.0)
    found = resolve_address("东川区", township="乌龙")
    assert (found.county_code, found.township, found.confidence) == ("530113", "乌龙镇", 1.0)
    found = resolve_address("乌龙镇包包村", township="乌龙")
    assert (found.county_code, found.township, found.community) == ("530113", "乌龙镇", "包包村")


def test_explicit_columns_win_over_the_address() -> None:
    found = resolve_address("昆明市某路1号", area="盘龙区", township="龙泉街道")
    assert (found.county, found.township, found.confidence) == ("盘龙区", "龙泉街道", 1.0)


def test_area_column_only() -> None:
    found = resolve_address("", area="昆明市官渡区")
    assert (found.county_code, found.confidence) == ("530111", 0.6)
    assert resolve_address("", area="昆明市") == AddressMatch()


def test_community_column_infers_township() -> None:
    found = resolve_address("某路1号", area="五华区", community="篆塘")
    assert (found.township, found.community, found.confidence) == ("大观街道", "篆塘社区", 0.9)


def test_community_column_in_a_zone() -> None:
    found = resolve_address("", area="五华区", community="万裕社区")
    assert (found.zone, found.township, found.community) == (HIGH_TECH, "", "万裕社区")
    assert found.confidence == 0.9


@pytest.mark.parametrize(
    ("text", "kwargs"),
    [
        ("盘龙区龙泉街道北京路1号", {"area": "五华区"}),  # address names another county
        ("盘龙区北京路1号", {"area": "五华区"}),
        ("", {"area": "五华区", "township": "龙泉街道"}),  # the two columns disagree
        ("五华区龙泉街道", {}),  # the address disagrees with itself
    ],
)
def test_contradictions_keep_the_explicit_county(text: str, kwargs: dict[str, str]) -> None:
    found = resolve_address(text, **kwargs)
    assert (found.county_code, found.county, found.township) == ("530102", "五华区", "")
    assert found.confidence == 0.4


def test_address_county_contradicting_township_column() -> None:
    found = resolve_address("盘龙区北京路1号", township="大观街道")
    assert (found.county_code, found.township, found.confidence) == ("530102", "大观街道", 0.4)


def test_results_are_cached() -> None:
    first = resolve_address("五华区大观街道", area="五华区")
    assert resolve_address("五华区大观街道", area="五华区") is first


# ---------------------------------------------------------------------------
# helpers reading the community table (so the tests follow the data)


def _places(name: str) -> dict[str, int]:
    """County name → how many townships in it have a community of this name."""
    counts: dict[str, int] = {}
    with (DATA / "kunming_communities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["community"] == name:
                counts[row["county"]] = counts.get(row["county"], 0) + 1
    return counts
