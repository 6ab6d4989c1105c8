"""Columns the model compares, derived from normalised source records.

Intake already normalised names, identifiers, phones and divisions; here each record
gets the few derived keys linkage needs: the name without its region (本名), the core
name's pinyin (homophone typos: 昆明市书法家协会 ~ 昆明市书发家协会), the organization
code body shared by all three generations of identifiers, road and house number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import pyarrow as pa

from shezu.census.normalise.identifiers import looks_like_lost_precision
from shezu.census.normalise.names import normalise_name
from shezu.census.normalise.pinyin import pinyin

FEATURE_SCHEMA: Final = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("department", pa.string()),
        ("batch", pa.int64()),
        ("name_local", pa.string()),
        ("name_tail", pa.string()),
        ("name_unnumbered", pa.string()),
        ("name_core", pa.string()),
        ("core_pinyin", pa.string()),
        ("name_suffix", pa.string()),
        ("name_region", pa.string()),
        ("former_core", pa.string()),
        ("uscc_key", pa.string()),
        ("org_code_key", pa.string()),
        ("code_body", pa.string()),
        ("code_body_valid", pa.bool_()),
        ("license_key", pa.string()),
        ("category", pa.string()),
        ("county_code", pa.string()),
        ("township", pa.string()),
        ("community", pa.string()),
        ("road", pa.string()),
        ("road_no", pa.string()),
        ("legal_rep", pa.string()),
        ("phone", pa.string()),
        ("phones", pa.list_(pa.string())),
        ("established_on", pa.date32()),
    ]
)

# Forms that name one legal form two ways (有限责任公司 = 有限公司, also inside 会计师事务所
# 有限责任公司). Not 行业协会 = 协会: a city can register both a 石材协会 and a 石材行业协会.
_SUFFIX_FOLD: Final = (("有限责任公司", "有限公司"), ("社会服务机构", "民办非企业单位"))
# A road ends in 路/街/巷/大道; it starts after the last division word before it.
_ROAD_RX: Final = re.compile(
    r"(?:^|省|市|区|县|镇|乡|街道|开发区)"
    r"(?P<road>[^省市区县镇乡\s0-9]{1,10}?(?:大道|大街|路|街|巷))"
    r"(?P<no>[0-9零〇一二三四五六七八九十百]+)号"
)
_DIGITS: Final = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


CHUNK = 50_000  # rows turned into Arrow at a time: Python objects for one chunk only


def features(records: Iterable[Mapping[str, Any]]) -> pa.Table:
    """One feature row per record, in the order given."""
    batches = []
    rows: list[dict[str, Any]] = []
    for record in records:
        rows.append(_record_features(record))
        if len(rows) == CHUNK:
            batches.append(pa.RecordBatch.from_pylist(rows, schema=FEATURE_SCHEMA))
            rows = []
    batches.append(pa.RecordBatch.from_pylist(rows, schema=FEATURE_SCHEMA))
    return pa.Table.from_batches(batches).combine_chunks()


def _record_features(r: Mapping[str, Any]) -> dict[str, Any]:
    local, suffix = _local_name(r["name"] or "")
    road, road_no = address_road(r["address"] or "")
    phones = [p for p in (r["phones"] or "").split(",") if p]
    former = r["former_name"] or ""
    body, valid = code_body(r)
    return {
        "unique_id": r["record_id"],
        "department": r["department"],
        "batch": r["batch"],
        "name_local": local or None,
        "name_tail": _without_place(local) or None,
        "name_unnumbered": _NUMBERS_RX.sub("", r["name_core"] or "") or None,
        "name_core": r["name_core"] or None,
        "core_pinyin": core_pinyin(r["name_core"] or "") or None,
        "name_suffix": suffix or None,
        "name_region": r["name_region"] or None,
        "former_core": normalise_name(former).core if former else None,
        "uscc_key": r["uscc"] if r["uscc_valid"] else None,
        "org_code_key": r["org_code"] if r["org_code_valid"] else None,
        "code_body": body or None,
        "code_body_valid": valid if body else None,
        "license_key": f"{r['department']}:{r['license_no']}" if _usable(r["license_no"]) else None,
        "category": r["category"] or None,
        "county_code": r["county_code"] or None,
        "township": r["township"] or None,
        "community": r.get("community") or _leading_place(r["name_core"] or "") or None,
        "road": road or None,
        "road_no": f"{road}{road_no}" if road and road_no else None,
        "legal_rep": r["legal_rep"] or None,
        "phone": phones[0] if phones else None,
        "phones": phones or None,
        "established_on": r["established_on"],
    }


# A community group's name starts with its community (仁德社区腰鼓队): two groups of one
# community share that much and no more, so similarity is measured on what follows.
_LEADING_PLACE_RX: Final = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:社区|村)(?=[\u4e00-\u9fff]{2})")


# Ordinals and numbers in a name (第二, 三, 3): what tells sister organizations apart.
_NUMBERS_RX: Final = re.compile(r"第?[0-9一二三四五六七八九十〇零]+")


def _without_place(local: str) -> str:
    return _LEADING_PLACE_RX.sub("", local, count=1)


def _leading_place(core: str) -> str:
    """The community a community group's core name starts with (仁德社区腰鼓队 → 仁德社区)."""
    found = _LEADING_PLACE_RX.match(core)
    return found.group() if found else ""


def _local_name(name: str) -> tuple[str, str]:
    """The name without its region prefix (本名), and its folded legal-form suffix."""
    if not name:
        return "", ""
    parsed = normalise_name(name)
    suffix = parsed.suffix
    for long, short in _SUFFIX_FOLD:
        suffix = suffix.replace(long, short)
    return parsed.core + suffix, suffix


def core_pinyin(core: str) -> str:
    """Toneless pinyin of the core name (homophone typos: 书法家 ~ 书发家)."""
    return pinyin(core)


def code_body(r: Mapping[str, Any]) -> tuple[str, bool]:
    """The 9-character organization-code body as written, valid or not, and whether the
    identifier it was read from passed its check.

    A mistyped digit makes a code invalid but leaves it one edit from the right one; the
    model compares bodies with an edit distance, the deterministic rules only valid keys.
    A value that lost digits in a spreadsheet (9.15301E+17) is no code at all: skipped.
    """
    if _usable(r["org_code"]):
        return str(r["org_code"]).replace("-", "")[:9], bool(r["org_code_valid"])
    for key, start in (("uscc", 8), ("tax_id", 6)):
        value = str(r[key] or "")
        if len(value) in {15, 18} and _usable(value):
            return value[start : start + 9], bool(r.get(f"{key}_valid"))
    return "", False


def _usable(code: str | None) -> bool:
    """Intake keeps a code that lost its digits as written; it must never join two records."""
    return bool(code) and not looks_like_lost_precision(str(code))


def address_road(address: str) -> tuple[str, str]:
    """(road, house number) of an address, '' where it names none (村 addresses)."""
    matches = list(_ROAD_RX.finditer(address))
    if not matches:
        return "", ""
    return matches[-1]["road"], _number(matches[-1]["no"])


def _number(text: str) -> str:
    if text.isdigit() and text.isascii():
        return str(int(text))
    value, current = 0, 0
    for char in text:
        if char == "百":
            value += (current or 1) * 100
            current = 0
        elif char == "十":
            value += (current or 1) * 10
            current = 0
        elif char in _DIGITS:
            current = current * 10 + _DIGITS[char] if value == 0 and current else _DIGITS[char]
        elif char.isdigit():
            current = current * 10 + int(char)
    return str(value + current)
