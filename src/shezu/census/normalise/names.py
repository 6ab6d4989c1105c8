"""Social-organization names (社会组织名称), legal-form types (类型) and levels (层级).

Terms: 核心名称 core name (字号+行业, the part that identifies an organization, used for
matching), 行政区划前缀 region prefix (云南省/昆明市/五华区 …), 组织形式 organizational
suffix (协会, 律师事务所, 有限公司 …), 筹 in preparation (（筹）/筹备组), 登记管理机关
registration authority, 统一社会信用代码 USCC (GB 32100-2015), 备案 filed only (not
registered). Pure Python, no Django; every per-value function is memoised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import ne
from typing import Final

from shezu.census.normalise.divisions import (
    CITY_CODE,
    PROVINCE_CODE,
    county_by_code,
    literal_alternation,
    region_aliases,
    resolve_address,
)
from shezu.census.normalise.pinyin import pinyin, sounds_alike

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "ORG_SUFFIXES",
    "OrgName",
    "infer_category",
    "infer_level",
    "normalise_name",
]


@dataclass(frozen=True, slots=True)
class OrgName:
    """A normalised organization name.

    ``name`` is the canonical display form (规范名称); ``core`` the core name (核心名称)
    without region prefix and organizational suffix; ``region_code`` the region its prefix
    names (``"530000"`` 云南省, ``"530100"`` 昆明市, a county code — retired ones given as
    the successor — or a zone's local code such as ``"530143"`` 高新区; ``""`` if none);
    ``suffix`` the organizational suffix removed from ``core``, as written; and
    ``in_preparation`` whether the name carried （筹）/筹备组 (筹备中).
    """

    name: str
    core: str
    region_code: str
    suffix: str
    in_preparation: bool


# ---------------------------------------------------------------------------
# normalise_name

_INVISIBLE_RX: Final = re.compile(r"[\s\u200b-\u200d\ufeff]+")
_BRACKETS: Final = str.maketrans(
    {"(": "（", ")": "）", "[": "（", "]": "）", "【": "（", "】": "）", "〔": "（", "〕": "）"}
)
_PREPARATION_RX: Final = re.compile(r"（筹(?:备|备组|备处)?）|(?:筹备组|筹备委员会|筹委会)$")
_TRAILING_PUNCT_RX: Final = re.compile(r"[。.，,、；;：:！!？?\-—_~·*'\"“”‘’]+$")
# Bracketed notes on a firm's form (执业形式), stripped from the end for the core only.
_QUALIFIER_RX: Final = re.compile(
    r"（(?:特殊的?普通合伙|普通合伙|有限合伙|合伙|个人独资|个人|非营利|民办非企业单位?)）$"
)

# 组织形式: organizational suffixes, one of which (the longest that fits) is removed.
ORG_SUFFIXES: Final[tuple[str, ...]] = tuple(
    sorted(
        {
            "律师事务所",
            "会计师事务所",
            "税务师事务所",
            "资产评估事务所",
            "事务所",
            "资产评估有限公司",
            "资产评估有限责任公司",
            "会计师事务所有限公司",
            "会计师事务所有限责任公司",
            "税务师事务所有限公司",
            "税务师事务所有限责任公司",
            "司法鉴定所",
            "司法鉴定中心",
            "基层法律服务所",
            "法律服务所",
            "公证处",
            "基金会",
            "研究会",
            "促进会",
            "联合会",
            "商会",
            "学会",
            "协会",
            "总会",
            "分会",
            "联谊会",
            "同乡会",
            "校友会",
            "股份有限公司",
            "有限责任公司",
            "有限公司",
            "服务中心",
            "中心",
            "服务社",
            "服务站",
            "学校",
            "培训学校",
            "幼儿园",
            "医院",
            "诊所",
            "门诊部",
            "养老院",
            "敬老院",
            "研究院",
            "研究所",
            "俱乐部",
            "农民专业合作社",
            "专业合作社",
            "合作社",
            "联合社",
        },
        key=lambda s: (-len(s), s),
    )
)
_SUFFIXES_BY_LAST: Final[Mapping[str, tuple[str, ...]]] = {
    last: tuple(s for s in ORG_SUFFIXES if s[-1] == last) for last in {s[-1] for s in ORG_SUFFIXES}
}
# A suffix typed with one wrong character is still the suffix: a homophone from a pinyin
# input method (研究所 → 岩究所, 协会 → 携会), or in a long suffix any one character
# (会计帅事务所: 形近字). Short ones need the homophone: 学会 and 协会 are two suffixes.
_NEAR_SHAPE_SUFFIX_MIN: Final = 5
_SUFFIXES_BY_SECOND_LAST: Final[Mapping[str, tuple[str, ...]]] = {
    second: tuple(s for s in ORG_SUFFIXES if s[-2] == second)
    for second in {s[-2] for s in ORG_SUFFIXES}
}

_NATIONAL_PREFIXES: Final = ("中华人民共和国", "中国")
_CJK_RX: Final = re.compile(r"[\u4e00-\u9fff]+")
# After a county's short name these make it part of another word (安宁疗护, 盘龙江, 五华山).
_NOT_AFTER_SHORT_RX: Final = re.compile(r"江|河|湖|海|山|路|街|疗护|古镇|寺|公园")
_TOWNSHIP_WORDS: Final = ("街道", "镇", "乡")


class _Prefixes:
    """Region prefixes: token → (specificity, region code, is a county short name)."""

    def __init__(self) -> None:
        table: dict[str, tuple[int, str, bool]] = {}
        for national in _NATIONAL_PREFIXES:
            table[national] = (0, "", False)
        table["云南省"] = table["云南"] = (1, PROVINCE_CODE, False)
        table["昆明市"] = table["昆明"] = (2, CITY_CODE, False)
        for alias, div in region_aliases().items():
            if alias in table:
                continue
            code = div.code or div.parent
            is_short = div.kind == "county" and alias == div.short
            table[alias] = (3, code, is_short)
        self.table = table
        self.rx: re.Pattern[str] = re.compile(literal_alternation(table))


@cache
def _prefixes() -> _Prefixes:
    return _Prefixes()


# Region names typed with one homophone (五化区, 昆名市, 盘隆区): found by their pinyin.
# Only names that end in 省/市/区/县 and the city's and province's own 昆明/云南 — a short
# county name (五华) is too easily a word of the name itself.
_TYPED_REGION_ENDINGS: Final = ("省", "市", "区", "县")


@cache
def _regions_by_pinyin() -> Mapping[tuple[int, str], str]:
    """(length, pinyin) → region alias, for aliases a homophone typo can be recognised by."""
    found: dict[tuple[int, str], str] = {}
    for alias, (rank, _code, is_short) in _prefixes().table.items():
        if rank >= 1 and not is_short and (alias.endswith(_TYPED_REGION_ENDINGS) or rank < 3):
            found.setdefault((len(alias), pinyin(alias)), alias)
    return found


@cache
def _long_regions() -> Mapping[str, tuple[str, ...]]:
    """Region names long enough that one wrong character of any kind leaves them
    recognisable (禄劝彝族苗族自冶县), by their first two characters (the short name a
    typo after them still lets the region pattern find)."""
    found: dict[str, list[str]] = {}
    for alias in _prefixes().table:
        if len(alias) >= _NEAR_SHAPE_SUFFIX_MIN and alias.endswith(_TYPED_REGION_ENDINGS):
            found.setdefault(alias[:2], []).append(alias)
    return {start: tuple(aliases) for start, aliases in found.items()}


def _typed_region(stem: str, pos: int) -> str | None:
    """The region alias `stem[pos:]` starts with, written with one wrong character."""
    by_pinyin = _regions_by_pinyin()
    for length in (3, 2):
        token = stem[pos : pos + length]
        if len(token) < length or not _CJK_RX.fullmatch(token):
            continue
        alias = by_pinyin.get((length, pinyin(token)))
        if alias is not None and _mistyped(token, alias):
            return alias
    return _typed_long_region(stem, pos)


def _typed_long_region(stem: str, pos: int) -> str | None:
    for alias in _long_regions().get(stem[pos : pos + 2], ()):
        token = stem[pos : pos + len(alias)]
        if len(token) == len(alias) and _mistyped(token, alias):
            return alias
    return None


def _canonical(raw: str) -> tuple[str, bool]:
    text = unicodedata.normalize("NFKC", raw)
    text = _INVISIBLE_RX.sub("", text).translate(_BRACKETS)
    text = _TRAILING_PUNCT_RX.sub("", text)
    in_preparation = False
    if "筹" in text:
        stripped = _PREPARATION_RX.sub("", text)
        if stripped != text and stripped:
            in_preparation = True
            text = _TRAILING_PUNCT_RX.sub("", stripped)
    return text, in_preparation


def _strip_suffix(body: str) -> tuple[str, str]:
    """(core, suffix): the longest suffix that fits, exactly or with one mistyped character.

    The longest first, whether exact or mistyped: 春林会计帅事务所有限公司 ends in 有限公司
    exactly, but is 春林 + 会计师事务所有限公司 with one character wrong.
    """
    found = next(
        (
            s
            for s in _SUFFIXES_BY_LAST.get(body[-1:], ())
            if len(body) > len(s) and body.endswith(s)
        ),
        "",
    )
    # A mistyped suffix keeps its last character (typo before it) or the one before (typo
    # in the last): both lists are sorted longest first, so each stops at its first fit.
    for candidates in (
        _SUFFIXES_BY_LAST.get(body[-1:], ()),
        _SUFFIXES_BY_SECOND_LAST.get(body[-2:-1], ()),
    ):
        for suffix in candidates:
            if len(suffix) <= len(found):
                break
            if len(body) > len(suffix) and _mistyped(body[-len(suffix) :], suffix):
                found = suffix
                break
    return (body[: -len(found)], found) if found else (body, "")


def _mistyped(text: str, word: str) -> bool:
    """`text` is `word` with exactly one character replaced by a homophone, or by any
    character when the word is long enough not to be mistaken for another."""
    if sum(map(ne, text, word)) != 1:  # counted in C: most candidates fail here
        return False
    if len(word) >= _NEAR_SHAPE_SUFFIX_MIN:
        return True
    return sounds_alike(*next((a, b) for a, b in zip(text, word, strict=True) if a != b))


def _strip_prefix(stem: str) -> tuple[str, str]:
    p = _prefixes()
    pos = 0
    rank = -1
    code = ""
    while True:
        m = p.rx.match(stem, pos)
        if m is not None:
            token, end = m.group(), m.end()
            # 禄劝彝族苗族自冶县: the short 禄劝 fits, the mistyped full name fits longer
            longer = _typed_long_region(stem, pos)
            if longer is not None and len(longer) > len(token):
                token, end = longer, pos + len(longer)
        elif (typed := _typed_region(stem, pos)) is not None:
            token, end = typed, pos + len(typed)
        else:
            break
        token_rank, token_code, is_short = p.table[token]
        if stem.startswith(_TOWNSHIP_WORDS, end):
            break  # 官渡街道…, 倘甸镇…: a township's name, not a region prefix
        if is_short and (pos != 0 or _NOT_AFTER_SHORT_RX.match(stem, end)):
            break
        if token_rank > rank:
            rank, code = token_rank, token_code
        if end >= len(stem):
            break  # nothing would be left: keep the prefix, but note its region
        pos = end
    return stem[pos:], code


@lru_cache(maxsize=65536)
def normalise_name(raw: str) -> OrgName:
    """Normalise an organization name (名称规范化) and derive its core name (核心名称).

    ``name``: NFKC width folding, whitespace removed, brackets as full-width （）, （筹）
    and 筹备组 removed (flagged), trailing punctuation removed; 有限责任公司 kept as written.
    ``core``: ``name`` without a trailing （普通合伙）-style note, without ONE trailing
    organizational suffix (the longest, so 摄影家协会 → 摄影家 but 摄影协会 → 摄影; a
    分会 stays distinct from its parent) and without leading region prefixes (中国,
    云南省, 昆明市, counties, zones); a prefix or suffix is removed only if something
    is left.
    """
    name, in_preparation = _canonical(raw)
    body = name
    while True:
        m = _QUALIFIER_RX.search(body)
        if m is None or m.start() == 0:
            break
        body = body[: m.start()]
    stem, suffix = _strip_suffix(body)
    core, region_code = _strip_prefix(stem)
    return OrgName(name, core, region_code, suffix, in_preparation)


# ---------------------------------------------------------------------------
# infer_category

CATEGORIES: Final[tuple[str, ...]] = (
    "社会团体",
    "民办非企业单位",  # now also called 社会服务机构
    "基金会",
    "律师事务所",
    "基层法律服务所",
    "公证处",
    "司法鉴定机构",
    "会计师事务所",
    "资产评估机构",
    "税务师事务所",
    "其他中介组织",
    "社区社会组织",
)

_CATEGORY_SYNONYMS: Final[Mapping[str, str]] = {
    **{c: c for c in CATEGORIES},
    "社团": "社会团体",
    "社会团体法人": "社会团体",
    "民非": "民办非企业单位",
    "民办非企业": "民办非企业单位",
    "民办非企业单位法人": "民办非企业单位",
    "社会服务机构": "民办非企业单位",
    "民办非": "民办非企业单位",
    "公募基金会": "基金会",
    "非公募基金会": "基金会",
    "基金会法人": "基金会",
    "律所": "律师事务所",
    "律师执业机构": "律师事务所",
    "法律服务所": "基层法律服务所",
    "公证机构": "公证处",
    "司法鉴定所": "司法鉴定机构",
    "鉴定机构": "司法鉴定机构",
    "会计所": "会计师事务所",
    "资产评估": "资产评估机构",
    "评估机构": "资产评估机构",
    "资产评估事务所": "资产评估机构",
    "税务师所": "税务师事务所",
    "涉税服务机构": "税务师事务所",
    "中介组织": "其他中介组织",
    "中介机构": "其他中介组织",
    "其他中介机构": "其他中介组织",
    "社区组织": "社区社会组织",
    "备案社区社会组织": "社区社会组织",
    "备案": "社区社会组织",
}
# Looser: a keyword inside a longer label (社会团体（行业协会）, 民办非企业单位（个体）).
_CATEGORY_KEYWORDS: Final[tuple[tuple[str, str], ...]] = (
    ("社区社会组织", "社区社会组织"),
    ("备案", "社区社会组织"),
    ("基层法律服务", "基层法律服务所"),
    ("法律服务所", "基层法律服务所"),
    ("律师", "律师事务所"),
    ("律所", "律师事务所"),
    ("公证", "公证处"),
    ("司法鉴定", "司法鉴定机构"),
    ("会计师", "会计师事务所"),
    ("资产评估", "资产评估机构"),
    ("税务师", "税务师事务所"),
    ("基金会", "基金会"),
    ("民办非企业", "民办非企业单位"),
    ("民非", "民办非企业单位"),
    ("社会服务机构", "民办非企业单位"),
    ("社会团体", "社会团体"),
    ("社团", "社会团体"),
    ("中介", "其他中介组织"),
)
# USCC positions 1–2 (登记管理部门 + 机构类别).
_USCC_CATEGORY: Final[Mapping[str, str]] = {
    "51": "社会团体",
    "52": "民办非企业单位",
    "53": "基金会",
    "31": "律师事务所",
    "32": "公证处",
    "33": "基层法律服务所",
    "34": "司法鉴定机构",
}
_USCC_RX: Final = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")
_USCC_NOISE_RX: Final = re.compile(r"[\s\-－—_]+")
_BRACKETED_RX: Final = re.compile(r"（[^）]*）")

# By name, in order: intermediaries first, then 基金会, 社会团体, 民办非企业单位.
_INTERMEDIARY_BY_NAME: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"基层法律服务所|法律服务所$"), "基层法律服务所"),
    (re.compile(r"律师事务所"), "律师事务所"),
    (re.compile(r"公证处$"), "公证处"),
    (re.compile(r"司法鉴定"), "司法鉴定机构"),
    (re.compile(r"会计师事务所"), "会计师事务所"),
    (re.compile(r"税务师事务所"), "税务师事务所"),
    (re.compile(r"资产评估|房地产估价|土地估价|土地评估"), "资产评估机构"),
)
_FOUNDATION_RX: Final = re.compile(r"基金会$")
_SOCIAL_GROUP_RX: Final = re.compile(
    r"(?:协会|学会|研究会|促进会|联合会|商会|联谊会|同乡会|校友会|总会|分会|联盟)$"
)
_NON_ENTERPRISE_RX: Final = re.compile(
    r"(?:学校|幼儿园|医院|诊所|门诊部|中心|服务社|服务站|养老院|敬老院|研究院|研究所|俱乐部"
    r"|书院|图书馆|博物馆|美术馆|艺术团|社工站)$"
)
_COMPANY_RX: Final = re.compile(r"公司|合作社")


def _fold(text: str) -> str:
    return _INVISIBLE_RX.sub("", unicodedata.normalize("NFKC", text))


def _clean_uscc(uscc: str) -> str:
    """The USCC upper-cased without spaces or dashes, or ``""`` if it is not 18 valid
    characters (the check character is not verified here)."""
    if not uscc:
        return ""
    code = _USCC_NOISE_RX.sub("", unicodedata.normalize("NFKC", uscc)).upper()
    return code if _USCC_RX.fullmatch(code) else ""


def _category_from_label(label: str) -> str:
    text = _fold(label).translate(_BRACKETS)
    found = _CATEGORY_SYNONYMS.get(text)
    if found is None:
        found = _CATEGORY_SYNONYMS.get(_BRACKETED_RX.sub("", text))
    if found is not None:
        return found
    for keyword, category in _CATEGORY_KEYWORDS:
        if keyword in text:
            return category
    return ""


def _intermediary_by_name(name: str) -> str:
    for rx, category in _INTERMEDIARY_BY_NAME:
        if rx.search(name):
            return category
    return ""


@lru_cache(maxsize=65536)
def infer_category(
    *, name: str, uscc: str = "", department: str = "", raw_category: str = ""
) -> str:
    """The legal-form type (组织类型, domain.md §11) of an organization, or ``""``.

    Precedence: (1) the file's own category, mapped to the list (社团 → 社会团体;
    民非/民办非企业/社会服务机构 → 民办非企业单位; 律所 → 律师事务所 …); (2) the USCC's
    positions 1–2 (51 社会团体, 52 民办非企业单位, 53 基金会, 31 律师事务所, 32 公证处,
    33 基层法律服务所, 34 司法鉴定机构; 91 an intermediary named by the name, else
    其他中介组织); (3) a filing department (备案, or a 街道/乡镇 office) → 社区社会组织;
    (4) the name's suffix.
    """
    if raw_category:
        found = _category_from_label(raw_category)
        if found:
            return found
    canonical = normalise_name(name).name if name else ""
    code = _clean_uscc(uscc)
    if code:
        prefix = code[:2]
        if prefix in _USCC_CATEGORY:
            return _USCC_CATEGORY[prefix]
        if prefix == "91":
            return _intermediary_by_name(canonical) or "其他中介组织"
    if department:
        dept = _fold(department)
        if "备案" in dept or "街道" in dept or "乡镇" in dept:
            return "社区社会组织"
    if not canonical:
        return ""
    found = _intermediary_by_name(canonical)
    if found:
        return found
    if _FOUNDATION_RX.search(canonical):
        return "基金会"
    if _SOCIAL_GROUP_RX.search(canonical):
        return "社会团体"
    if _NON_ENTERPRISE_RX.search(canonical) and not _COMPANY_RX.search(canonical):
        return "民办非企业单位"
    return ""


# ---------------------------------------------------------------------------
# infer_level

LEVELS: Final[tuple[str, ...]] = ("全市性", "县级", "城乡社区", "省级")

_AGENCY: Final = (
    r"(?:民政|司法|财政|税务|市场|工商|行政审批|社会事务|人民政府|政府|委员会|党委|党工委)"
)
_TOWN_LEVEL_RX: Final = re.compile(
    r"街道|社区|居委会|村委会|居民委员会|村民委员会|(?<!城)乡(?!村)|(?<!城)镇"
)
_COUNTY_LEVEL_RX: Final = re.compile(rf"县|区{_AGENCY}|区级")
_CITY_LEVEL_RX: Final = re.compile(rf"昆明|^市|市{_AGENCY}|市级")
_PROVINCE_LEVEL_RX: Final = re.compile(rf"云南|^省|省{_AGENCY}|省级")


def _level_of_code(code: str) -> str:
    if code == CITY_CODE:
        return "全市性"
    if code == PROVINCE_CODE:
        return "省级"
    if county_by_code(code) is not None:
        return "县级"
    return ""


def _level_of_authority(authority: str) -> str:
    text = _fold(authority)
    if not text:
        return ""
    where = resolve_address(text)
    if where.township or where.community or _TOWN_LEVEL_RX.search(text):
        return "城乡社区"
    if where.county_code or _COUNTY_LEVEL_RX.search(text):
        return "县级"
    if _CITY_LEVEL_RX.search(text):
        return "全市性"
    if _PROVINCE_LEVEL_RX.search(text):
        return "省级"
    return ""


@lru_cache(maxsize=65536)
def infer_level(
    *,
    uscc: str = "",
    registration_authority: str = "",
    name_region: str = "",
    department: str = "",
) -> str:
    """The level (层级) of an organization: ``全市性``, ``县级``, ``城乡社区``, ``省级`` or ``""``.

    Precedence: (1) the registration authority (登记管理机关): 街道/乡镇/社区 → 城乡社区,
    a county or zone (五华区民政局, XX县…, 高新区…) → 县级, 昆明市/市XX局 → 全市性,
    云南省/省XX厅 → 省级; (2) the USCC's positions 3–8 (530100 → 全市性, a Kunming county
    code, retired 530121/530122 included → 县级, 530000 → 省级: organizations registered by
    the province are reported as 省级, not folded into 全市性); (3) a filing department
    (备案) → 城乡社区; (4) ``name_region``: a region code or a name (e.g. an
    :attr:`OrgName.region_code`, ``"五华区"``). National or non-Kunming regions give ``""``.
    """
    if registration_authority:
        found = _level_of_authority(registration_authority)
        if found:
            return found
    code = _clean_uscc(uscc)
    if code:
        found = _level_of_code(code[2:8])
        if found:
            return found
    if department and "备案" in _fold(department):
        return "城乡社区"
    if name_region:
        region = _fold(name_region)
        if not region.isdigit():
            region = normalise_name(region).region_code
        return _level_of_code(region) if region else ""
    return ""
