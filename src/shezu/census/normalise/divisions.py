"""Kunming administrative divisions (行政区划) and address resolution (地址解析).

Terms: 县级 county-level unit (区/县/县级市), 乡镇街道 township-level unit (街道/镇/乡),
社区/村 community or village (居委会/村委会), 管理区 management zone (高新区, 经开区, 度假区,
阳宗海, 倘甸 …, not a GB/T 2260 unit but a responsible area of its own), 撤销 retired unit
(呈贡县 530121 → 呈贡区 530114, 晋宁县 530122 → 晋宁区 530115).

Pure Python, no Django. The two CSV files in ``data/`` are read once, on first use.
Every per-value function is memoised, because department files repeat addresses a lot.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Final, Literal

from shezu.census.normalise.roads import RoadPlace, locate_road, road_in_address

__all__ = [
    "CITY_CODE",
    "PROVINCE_CODE",
    "AddressMatch",
    "Division",
    "counties",
    "county_by_code",
    "literal_alternation",
    "normalise_address",
    "region_aliases",
    "resolve_address",
    "resolve_county_name",
    "township_code",
    "townships",
    "zones",
]

_DATA_DIR: Final = Path(__file__).resolve().parent / "data"
CITY_CODE: Final = "530100"
PROVINCE_CODE: Final = "530000"


@dataclass(frozen=True, slots=True)
class Division:
    """One division unit (行政区划单位).

    ``kind`` is ``city``, ``county`` (区/县/县级市), ``街道``, ``镇``, ``乡`` or ``zone``
    (管理区). ``code`` is the 6-digit GB/T 2260 (or local zone) code, blank for townships;
    ``township_code`` the 9-digit statistical code (统计用区划代码) of a township or zone,
    blank for counties. ``parent`` is the code of the county-level unit above (for a zone:
    its host county).
    """

    code: str
    name: str
    short: str
    kind: str
    parent: str
    township_code: str = ""


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """Where an address lies: 县级 ``county``, 乡镇街道 ``township``, 管理区 ``zone``, 社区/村.

    Names are the full official names (``"五华区"``, ``"大观街道"``,
    ``"昆明国家高新技术产业开发区"``). ``confidence``: 1.0 county and township named and
    consistent; 0.9 one of them inferred (township from a community, county from a
    township, zone from a community); 0.85 township from the road and house number (the
    road gazetteer, ``roads.py``); 0.8 only a community named, unique in the city; 0.7 a
    zone only; 0.6 a county only; 0.4 contradictory evidence (the explicit column wins);
    0.0 nothing found.

    ``township_candidates``: the townships a road crosses when its house number cannot
    say which one the address is in (missing, or outside every known stretch); the
    township is then left blank, never guessed.
    """

    county_code: str = ""
    county: str = ""
    township: str = ""
    zone: str = ""
    community: str = ""
    confidence: float = 0.0
    township_candidates: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Data, loaded once

_TokKind = Literal["county", "short", "zone", "township"]

# Other names of county-level units in use (全称以外的常见写法).
_EXTRA_COUNTY_NAMES: Final[Mapping[str, tuple[str, ...]]] = {
    "530126": ("石林县", "石林自治县"),
    "530128": ("禄劝县", "禄劝自治县"),
    "530129": ("寻甸县", "寻甸自治县"),
}

# Other names of management zones (管理区的常见称呼), by the zone's full name.
_ZONE_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "昆明国家高新技术产业开发区": (
        "国家高新技术产业开发区",
        "高新技术产业开发区",
        "高新技术开发区",
        "昆明高新区",
        "高新开发区",
    ),
    "昆明经济技术开发区": ("经济技术开发区", "昆明经开区", "经济开发区"),
    "昆明滇池国家旅游度假区": (
        "滇池国家旅游度假区",
        "滇池旅游度假区",
        "滇池度假区",
        "昆明滇池度假区",
    ),
    "昆明阳宗海风景名胜区": ("阳宗海风景名胜区", "阳宗海风景区", "阳宗海管委会"),
    "昆明倘甸产业园区轿子山旅游开发区": (
        "倘甸产业园区轿子山旅游开发区",
        "倘甸产业园区",
        "轿子山旅游开发区",
        "倘甸两区",
        "轿子山",
    ),
    "云南省嵩明职业教育基地": ("嵩明职业教育基地", "职业教育基地"),
    "嵩明杨林经济技术开发区": (
        "杨林经济技术开发区",
        "嵩明杨林经开区",
        "杨林工业园区",
        "嵩明杨林工业园区",
    ),
}

# Placeholders in the community table, not real communities (虚拟社区).
_PLACEHOLDER_COMMUNITY: Final = "虚拟社区"
_COMMUNITY_SUFFIXES: Final = ("村", "社区")


class _Data:
    """Everything derived from the CSV files (built once by :func:`_data`)."""

    def __init__(
        self,
        divisions: list[Division],
        successors: dict[str, str],
        communities: list[tuple[str, str, str]],
    ) -> None:
        self.by_code: dict[str, Division] = {d.code: d for d in divisions if d.code}
        self.successor: dict[str, str] = successors
        self.counties: tuple[Division, ...] = ()
        self.zones: tuple[Division, ...] = tuple(d for d in divisions if d.kind == "zone")
        self.townships_of: dict[str, tuple[Division, ...]] = {}
        self.township_by_name: dict[str, Division] = {}
        self.townships_by_short: dict[str, tuple[Division, ...]] = {}
        self.zone_by_name: dict[str, Division] = {z.name: z for z in self.zones}
        self.county_by_name: dict[str, Division] = {}
        self.tokens: dict[str, tuple[_TokKind, Division]] = {}
        self.region_aliases: dict[str, Division] = {}
        # community name → ((county code, township-or-zone name), ...)
        self.communities: dict[str, tuple[tuple[str, str], ...]] = {}
        self.community_lengths: tuple[int, ...] = ()
        self._build(divisions, communities)
        self.token_rx: re.Pattern[str] = re.compile(literal_alternation(self.tokens))

    def _build(self, divisions: list[Division], communities: list[tuple[str, str, str]]) -> None:
        current: list[Division] = []
        for d in divisions:
            if d.kind != "county":
                continue
            if d.code in self.successor:
                continue
            current.append(d)
        self.counties = tuple(sorted(current, key=lambda d: d.code))
        county_tokens: dict[str, Division] = {}
        short_tokens: dict[str, Division] = {}
        for d in self.counties:
            county_tokens[d.name] = d
            short_tokens[d.short] = d
            for extra in _EXTRA_COUNTY_NAMES.get(d.code, ()):
                county_tokens[extra] = d
        for old_code, new_code in self.successor.items():
            old, new = self.by_code[old_code], self.by_code[new_code]
            county_tokens[old.name] = new
            short_tokens.setdefault(old.short, new)
        self.county_by_name = dict(county_tokens)

        towns: dict[str, list[Division]] = {}
        by_short: dict[str, list[Division]] = {}
        for d in divisions:
            if d.kind in ("街道", "镇", "乡"):
                towns.setdefault(d.parent, []).append(d)
                self.township_by_name[d.name] = d
                by_short.setdefault(d.short, []).append(d)
        self.townships_of = {k: tuple(sorted(v, key=lambda d: d.name)) for k, v in towns.items()}
        self.townships_by_short = {k: tuple(v) for k, v in by_short.items()}

        township_tokens: dict[str, Division] = dict(self.township_by_name)
        # 双河彝族乡 is written 双河乡; 街道 that used to be 镇/乡 (龙城镇 → 龙城街道) still appear
        # in old records. Add such short forms only where they name no other unit.
        variants: dict[str, list[Division]] = {}
        for d in self.township_by_name.values():
            if d.kind == "乡":
                variants.setdefault(d.short + "乡", []).append(d)
            elif d.kind == "街道":
                variants.setdefault(d.short + "镇", []).append(d)
                variants.setdefault(d.short + "乡", []).append(d)
        for alias, found in variants.items():
            if len(found) == 1 and alias not in township_tokens:
                township_tokens[alias] = found[0]

        zone_tokens: dict[str, Division] = {}
        for z in self.zones:
            for alias in (z.name, z.short, *_ZONE_ALIASES.get(z.name, ())):
                zone_tokens[alias] = z

        # Priority when one string names two things: township > zone > county > short.
        tables: tuple[tuple[_TokKind, dict[str, Division]], ...] = (
            ("township", township_tokens),
            ("zone", zone_tokens),
            ("county", county_tokens),
            ("short", short_tokens),
        )
        tokens: dict[str, tuple[_TokKind, Division]] = {}
        for kind, table in tables:
            for alias, d in table.items():
                tokens.setdefault(alias, (kind, d))
        self.tokens = tokens

        aliases: dict[str, Division] = {}
        for alias, (kind, d) in tokens.items():
            if kind != "township":
                aliases[alias] = d
        self.region_aliases = aliases

        comm: dict[str, list[tuple[str, str]]] = {}
        for county_name, unit, name in communities:
            if _PLACEHOLDER_COMMUNITY in name:
                continue
            county = self.county_by_name.get(county_name)
            if county is None:
                continue
            comm.setdefault(name, []).append((county.code, unit))
        self.communities = {k: tuple(v) for k, v in comm.items()}
        self.community_lengths = tuple(sorted({len(k) for k in comm}, reverse=True))


class _TrieNode(dict[str, "_TrieNode"]):
    """A trie node: next character → node; the key ``""`` marks the end of a word."""


def literal_alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (longest first), shaped as a trie: Python's ``re``
    tries alternatives one by one, so a trie is much faster than ``a|b|c`` for hundreds
    of literals."""
    trie = _TrieNode()
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, _TrieNode())
        node[""] = _TrieNode()

    def build(node: _TrieNode) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + build(trie) + ")"


@cache
def _data() -> _Data:
    divisions: list[Division] = []
    successors: dict[str, str] = {}
    with (_DATA_DIR / "kunming_divisions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            d = Division(
                code=row["code"].strip(),
                name=row["name"].strip(),
                short=row["short"].strip(),
                kind=row["kind"].strip(),
                parent=row["parent"].strip(),
                township_code=row["township_code"].strip(),
            )
            divisions.append(d)
            if row.get("successor", "").strip():
                successors[d.code] = row["successor"].strip()
    communities: list[tuple[str, str, str]] = []
    with (_DATA_DIR / "kunming_communities.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            communities.append(
                (row["county"].strip(), row["township"].strip(), row["community"].strip())
            )
    return _Data(divisions, successors, communities)


# ---------------------------------------------------------------------------
# Lookups


def counties() -> tuple[Division, ...]:
    """The 14 current county-level units (县级行政区: 7 区, 1 县级市, 6 县), by code."""
    return _data().counties


def zones() -> tuple[Division, ...]:
    """The management zones (管理区/开发区), each with its host county as ``parent``."""
    return _data().zones


def county_by_code(code: str) -> Division | None:
    """The county-level unit with this GB/T 2260 code.

    Retired codes give the successor (530122 晋宁县 → 530115 晋宁区, 530121 → 530114), and a
    zone code (530140–530144, local codes) gives the zone's host county. ``None`` otherwise.
    """
    d = _data()
    code = code.strip()
    code = d.successor.get(code, code)
    found = d.by_code.get(code)
    if found is None:
        return None
    if found.kind == "zone":
        return d.by_code.get(found.parent)
    return found if found.kind == "county" else None


def townships(county_code: str) -> tuple[Division, ...]:
    """The township-level units (乡镇街道) of a county, by name; zones are not included."""
    county = county_by_code(county_code)
    if county is None:
        return ()
    return _data().townships_of.get(county.code, ())


def township_code(name: str) -> str:
    """The 9-digit statistical code (统计用区划代码) of a township or zone, by its full name
    (``"华山街道"`` → ``"530102001"``, ``"昆明国家高新技术产业开发区"`` → ``"530102401"``);
    ``""`` for any other name. Kept apart from :func:`county_by_code`, whose codes have 6
    digits."""
    d = _data()
    found = d.township_by_name.get(name) or d.zone_by_name.get(name)
    return found.township_code if found is not None else ""


def place_code(county_code: str, township: str, zone: str = "") -> str:
    """The 9-digit code of where an organization is: its management zone's, else its
    township's within its county; "" when neither is known."""
    d = _data()
    if zone:
        found = d.zone_by_name.get(zone)
        return found.township_code if found is not None else ""
    if township and county_code:
        for town in townships(county_code):
            if town.name == township:
                return town.township_code
    return ""


def area_name(code: str) -> str | None:
    """The name of an area code as pages and reports show it: 昆明市 (530100), a county
    (五华区), a township with its county (五华区华山街道), a management zone by its short
    name (高新区); None for a code that is none of them."""
    return _area_names().get(code.strip())


@cache
def _area_names() -> dict[str, str]:
    names = {CITY_CODE: "昆明市"}
    for county in counties():
        names[county.code] = county.name
        for town in townships(county.code):
            names[town.township_code] = f"{county.name}{town.name}"
    for zone in zones():
        names[zone.township_code] = zone.short or zone.name
    return names


def region_aliases() -> Mapping[str, Division]:
    """Every name of a county-level unit or zone → its :class:`Division`.

    Full names, short names (``五华``), other usual forms (``石林县``) and zone names
    (``高新区``). Retired names map to the successor (``晋宁县`` → 晋宁区). A key equal to a
    county's ``short`` is a short name, which callers should accept only in context.
    """
    return _data().region_aliases


# ---------------------------------------------------------------------------
# Normalisation

_WS_RX: Final = re.compile(r"[\s\u200b-\u200d\ufeff]+")
_PUNCT: Final = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "!": "！"})
_RETIRED_IN_TEXT: Final = (("晋宁县", "晋宁区"), ("呈贡县", "呈贡区"))
_CN_DIGITS: Final[Mapping[str, int]] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS: Final[Mapping[str, int]] = {"十": 10, "百": 100, "千": 1000}
_CN_NUM_CLASS: Final = "[〇零一二两三四五六七八九十百千]"
# Numerals are house, building, unit, floor or room numbers only next to these markers;
# elsewhere they are part of a name (一二一大街, 八街街道, 六甲街道).
_CN_NUM_RX: Final = re.compile(
    rf"(?<=附){_CN_NUM_CLASS}+|{_CN_NUM_CLASS}+(?=号|栋|幢|单元|楼|层|室|附)"
)
_CN_NUM_CHARS: Final = frozenset("〇零一二两三四五六七八九十百千")


def _cn_to_int(text: str) -> str:
    """Chinese numerals → Arabic digits: 一百二十三 → 123, 五〇二 → 502, 十五 → 15."""
    if not any(ch in _CN_UNITS for ch in text):
        return "".join(str(_CN_DIGITS[ch]) for ch in text)
    total = 0
    current = 0
    for ch in text:
        unit = _CN_UNITS.get(ch)
        if unit is None:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * unit
            current = 0
    return str(total + current)


def _fold(raw: str) -> str:
    """NFKC width folding, no whitespace, Chinese punctuation kept full-width."""
    text = unicodedata.normalize("NFKC", raw)
    text = _WS_RX.sub("", text)
    return text.translate(_PUNCT)


def _strip_leading_regions(text: str) -> str:
    """Drop leading 中国/云南省/云南/昆明市/昆明 when a place name (or anything, for the
    ``省``/``市`` forms) follows. A bare 昆明 or 云南 is kept when it starts a proper name
    (昆明理工大学…)."""
    d = _data()
    while True:
        if text.startswith("中华人民共和国") and len(text) > 7:
            text = text[7:]
        elif text.startswith("中国") and text.startswith(("云南", "昆明"), 2):
            text = text[2:]
        elif text.startswith(("云南省", "昆明市")) and len(text) > 3:
            text = text[3:]
        elif text.startswith(("云南", "昆明")) and (
            _token_at(d, text, 2) is not None or text.startswith("云南昆明")
        ):
            text = text[2:]  # bare 云南/昆明 before a place name
        else:
            return text


def _token_at(d: _Data, text: str, pos: int) -> tuple[_TokKind, Division] | None:
    m = d.token_rx.match(text, pos)
    return d.tokens.get(m.group()) if m else None


@lru_cache(maxsize=65536)
def normalise_address(raw: str) -> str:
    """Canonical form of an address (地址规范化).

    Full-width letters and digits folded (NFKC) with Chinese punctuation kept full-width;
    whitespace removed; leading 中国/云南省/昆明市 dropped; 晋宁县 → 晋宁区, 呈贡县 → 呈贡区;
    Chinese numerals before 号/栋/幢/单元/楼/层/室/附 or after 附 become Arabic
    (人民中路一百二十三号 → 人民中路123号), other numerals are left alone (一二一大街).
    """
    text = _fold(raw)
    for old, new in _RETIRED_IN_TEXT:
        if old in text:
            text = text.replace(old, new)
    text = _strip_leading_regions(text)
    if not _CN_NUM_CHARS.isdisjoint(text):
        text = _CN_NUM_RX.sub(lambda m: _cn_to_int(m.group()), text)
    return text


# ---------------------------------------------------------------------------
# Scanning text for division names

_SEPARATORS: Final = frozenset("，、；：（）,;:/-—|")
# After a county's short name these make it part of another name (五华山, 盘龙江, 西山公园).
_NOT_AFTER_SHORT: Final = re.compile(
    r"江|河|湖|海|山|峰|岭|路|街(?!道)|道|巷|村|社区|镇|乡|公园|广场|古镇|寺|桥|小区|花园"
    r"|大道|大街|大厦|宾馆|酒店|饭店|学校|中学|小学|大学|学院|医院"
)
# A road right after a county's short name (五华人民中路).
_ROAD_AFTER: Final = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:路|大道|大街|街(?!道)|巷)")
# After a community name these make it part of a road or a township name (新村路, 东村镇).
_NOT_AFTER_COMMUNITY: Final = ("路", "大道", "街", "巷", "镇", "乡")


@dataclass(frozen=True, slots=True)
class _Hits:
    county: Division | None = None
    zone: Division | None = None
    townships: tuple[Division, ...] = ()


_NO_HITS: Final = _Hits()


def _short_accepted(d: _Data, text: str, start: int, end: int) -> bool:
    """Is a county's short name at text[start:end] really the county?"""
    after = _token_at(d, text, end)
    if after is not None and after[0] in ("township", "zone"):
        return True
    if start != 0 and text[start - 1] not in _SEPARATORS:
        return False
    if end == len(text):
        return True
    if _NOT_AFTER_SHORT.match(text, end):
        return False
    return start == 0 or _ROAD_AFTER.match(text, end) is not None


def _scan(text: str) -> _Hits:
    """The first county, first zone and all townships named in normalised text."""
    d = _data()
    county: Division | None = None
    zone: Division | None = None
    towns: list[Division] = []
    for m in d.token_rx.finditer(text):
        kind, div = d.tokens[m.group()]
        if kind == "township":
            towns.append(div)
        elif kind == "zone":
            if zone is None and not text.startswith(("镇", "乡", "街道"), m.end()):
                zone = div
        elif county is None and (kind == "county" or _short_accepted(d, text, m.start(), m.end())):
            county = div
    if county is None and zone is None and not towns:
        return _NO_HITS
    return _Hits(county, zone, tuple(towns))


def _find_communities(text: str) -> list[str]:
    """Community and village names (社区/村) in normalised text, in order."""
    d = _data()
    found: list[tuple[int, str]] = []
    for suffix in _COMMUNITY_SUFFIXES:
        pos = text.find(suffix)
        while pos >= 0:
            end = pos + len(suffix)
            if not text.startswith(_NOT_AFTER_COMMUNITY, end) or text.startswith("街道", end):
                for length in d.community_lengths:
                    start = end - length
                    if start >= 0 and text[start:end] in d.communities:
                        found.append((start, text[start:end]))
                        break
            pos = text.find(suffix, end)
    found.sort()
    return [name for _, name in found]


_ORG_SUFFIX_RX: Final = re.compile(
    r"(?:办事处|人民政府|政府|街道办|办|居民委员会|村民委员会|居委会|村委会|委员会)$"
)


def _clean_column(value: str) -> str:
    text = normalise_address(value)
    m = _ORG_SUFFIX_RX.search(text)
    if m and m.start() > 0:
        text = text[: m.start()] + ("街道" if m.group() == "街道办" else "")
    return text


def _column_token(text: str) -> _Hits | None:
    """What a column value names when it is exactly one known division name."""
    tok = _data().tokens.get(text)
    if tok is None:
        return None
    kind, div = tok
    if kind == "township":
        return _Hits(townships=(div,))
    if kind == "zone":
        return _Hits(zone=div)
    return _Hits(county=div)


def _parse_area(value: str) -> _Hits:
    """An area column (所属区县): a county, zone or (sometimes) a township name."""
    text = _clean_column(value)
    hits = _column_token(text)
    return hits if hits is not None else _scan(text)


def _parse_township(value: str) -> _Hits:
    """A township column (所属街道/乡镇): full or short township name, or a zone."""
    d = _data()
    text = _clean_column(value)
    hits = _column_token(text)
    if hits is not None and hits.county is None:
        return hits
    shorts = d.townships_by_short.get(text)
    if shorts:
        return _Hits(townships=shorts)
    hits = _scan(text)
    return _Hits(zone=hits.zone, townships=hits.townships)


def _community_candidates(value: str) -> list[str]:
    d = _data()
    text = _clean_column(value)
    if text in d.communities:
        return [text]
    for suffix in _COMMUNITY_SUFFIXES:
        if text + suffix in d.communities:
            return [text + suffix]
    return _find_communities(text)


def _place_community(
    names: Iterable[str],
    county: Division | None,
    township: Division | None,
    zone: Division | None,
) -> tuple[str, str, str] | None:
    """(county code, township-or-zone name, community) of the first community that lies
    unambiguously inside what is already known."""
    d = _data()
    for name in names:
        places = d.communities[name]
        if township is not None:
            places = tuple(p for p in places if p[1] == township.name)
        elif county is not None:
            in_county = tuple(p for p in places if p[0] == county.code)
            in_zone = tuple(p for p in in_county if zone is not None and p[1] == zone.name)
            places = in_zone or in_county
        elif zone is not None:
            places = tuple(p for p in places if p[1] == zone.name)
        elif len(name) < 3:  # 大村, 新村: too common to place without context
            continue
        if len(places) == 1:
            return places[0][0], places[0][1], name
    return None


def _consistent(towns: Iterable[Division], county: Division) -> tuple[Division, ...]:
    return tuple(t for t in towns if t.parent == county.code)


def _resolve(text: str, area: str, township: str, community: str) -> AddressMatch:
    d = _data()
    in_text = _scan(normalise_address(text)) if text else _NO_HITS
    in_area = _parse_area(area) if area else _NO_HITS
    in_col = _parse_township(township) if township else _NO_HITS

    contradiction = False
    county = in_area.county
    county_named = county is not None
    zone = in_area.zone or in_col.zone or in_text.zone
    zone_named = zone is not None

    # Townships named in the columns (the township column first, then the area column).
    explicit = in_col.townships or in_area.townships
    if county is not None and explicit:
        agreeing = _consistent(explicit, county)
        if not agreeing:
            contradiction = True  # area and township columns disagree: keep the area
        explicit = agreeing
    if county is None and in_text.county is not None:
        agreeing = _consistent(explicit, in_text.county)
        if not explicit or agreeing:
            county, county_named, explicit = in_text.county, True, agreeing
        else:
            contradiction = True  # the address names a county the column's township is not in
    elif county is not None and in_text.county is not None and in_text.county != county:
        contradiction = True

    if len(explicit) > 1:  # a short township name (乌龙): let the address decide
        named_in_text = tuple(t for t in explicit if t in in_text.townships)
        explicit = named_in_text if len(named_in_text) == 1 else explicit

    town: Division | None = None
    if len(explicit) == 1:
        town = explicit[0]
    elif in_text.townships and not explicit:
        if county is None:
            town = in_text.townships[0]
        else:
            agreeing = _consistent(in_text.townships, county)
            if agreeing:
                town = agreeing[0]
            else:
                contradiction = True
    if town is not None and county is None:
        county = d.by_code[town.parent]

    # Communities: the community column first, then the address.
    names = _community_candidates(community) if community else []
    if text:
        names += _find_communities(normalise_address(text))
    place = _place_community(names, county, town, zone) if names else None
    town_from_community = False
    community_name = ""
    if place is not None:
        code, unit, community_name = place
        if county is None:
            county = d.by_code[code]
        if town is None:
            town_from_community = True
            if unit in d.zone_by_name:
                zone = zone or d.zone_by_name[unit]
            else:
                town = d.township_by_name[unit]

    if county is None and zone is not None:
        county = d.by_code.get(zone.parent)
    if county is None:
        return AddressMatch()

    road = RoadPlace()
    if town is None and text:
        road = _place_by_road(normalise_address(text), county, zone)
        town = d.township_by_name.get(road.township)
        if zone is None and road.zone:
            zone = d.zone_by_name[road.zone]

    if contradiction:
        confidence = 0.4
    elif road.township:
        confidence = 0.85
    elif town_from_community:
        confidence = 0.9 if county_named or zone_named else 0.8
    elif town is not None:
        named = county_named or (zone is not None and zone.parent == town.parent)
        confidence = 1.0 if named else 0.9
    elif zone is not None:
        confidence = 0.7
    else:
        confidence = 0.6
    return AddressMatch(
        county_code=county.code,
        county=county.name,
        township=town.name if town is not None else "",
        zone=zone.name if zone is not None else "",
        community=community_name,
        confidence=confidence,
        township_candidates=road.candidates,
    )


def _place_by_road(text: str, county: Division, zone: Division | None) -> RoadPlace:
    """The township (and zone) of the road the address names, from the gazetteer; a road in
    another county's table, or a township outside the county, counts for nothing."""
    road, number = road_in_address(text)
    if not road:
        return RoadPlace()
    found = locate_road(county.code, road, number, zone=zone.name if zone else "")
    town = _data().township_by_name.get(found.township)
    if found.township and (town is None or town.parent != county.code):
        return RoadPlace()
    return found


@lru_cache(maxsize=65536)
def resolve_address(
    text: str, *, area: str = "", township: str = "", community: str = ""
) -> AddressMatch:
    """Resolve an address to county, township, zone and community (地址解析到社区).

    ``area``/``township``/``community`` are the department file's own columns (所属区县,
    所属街道, 所属社区); they win over the address text. A county's short name counts only
    at the start or before a township or road; a township only by its full name
    (``大观街道``, not ``大观路``); a community only where it is unambiguous.
    """
    return _resolve(text, area, township, community)


@lru_cache(maxsize=65536)
def resolve_county_name(text: str) -> Division | None:
    """The current county-level unit a name refers to (区县名称解析).

    Accepts full and short names (``五华区``, ``五华``), prefixed ones (``昆明市五华区``),
    retired ones (``晋宁县`` → 晋宁区 530115) and zones (``高新区`` → host 五华区 530102).
    """
    d = _data()
    norm = normalise_address(text)
    if not norm:
        return None
    tok = d.tokens.get(norm)
    if tok is not None:
        kind, div = tok
        if kind == "township":
            return None
        return d.by_code.get(div.parent) if kind == "zone" else div
    hits = _scan(norm)
    if hits.county is not None:
        return hits.county
    if hits.zone is not None:
        return d.by_code.get(hits.zone.parent)
    return None


def communities_named_in(text: str) -> list[str]:
    """The community and village names (社区/村) a text names, in order (after normalisation)."""
    return _find_communities(normalise_address(text)) if text else []
