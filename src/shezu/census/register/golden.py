"""The golden record (主记录): one organization's fields, chosen from its linked source records.

Each of the six departments knows part of the truth. The registering department (登记管理机关)
is the authority on who an organization is and whether it exists; whoever looked last is the
best guess for how to reach it. Every chosen value keeps the list of sources that said it
(provenance, 来源), disagreements that a person must settle become conflicts (冲突), and
required fields nobody gave become missing (缺项). Field verifications (实地核实) are applied
last, because a team that went there saw more than any department list.

Pure Python, no Django: the linkage run feeds it plain views of source records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from shezu.census.labels import STATUS_ACTIVE, STATUS_ENDED, status_word
from shezu.census.normalise.divisions import county_by_code
from shezu.census.normalise.names import normalise_name

__all__ = [
    "FIELD_CHECK",
    "FLAGS",
    "GOLDEN_FIELDS",
    "REQUIRED_FIELDS",
    "SOURCE_FIELDS",
    "FieldFinding",
    "Golden",
    "SourceView",
    "authority_department",
    "golden_record",
    "same_name",
    "source_label",
]


@dataclass(frozen=True)
class SourceView:
    """What the golden record reads of one source record (来源记录)."""

    record_id: int
    department: str  # 民政 司法 财政 税务 工商 备案
    file: str  # source file base name
    row: int  # 1-based data row
    as_of: dt.date  # the batch's data date (数据截止日期)
    values: Mapping[str, Any]  # SourceRecord field → value


@dataclass(frozen=True)
class FieldFinding:
    """A field verification (实地核实结果), applied on top of the department sources."""

    verified_on: dt.date
    result: str  # 正常活动 / 停止活动 / 查无此组织 / 已注销 / 信息更正
    corrections: Mapping[str, str]  # golden field → corrected value (信息更正)
    file: str
    row: int


@dataclass
class Golden:
    """The chosen fields, where each came from, what disagrees and what nobody gave."""

    fields: dict[str, Any]
    provenance: dict[str, list[dict[str, Any]]]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


GOLDEN_FIELDS: Final[tuple[str, ...]] = (
    "name",
    "former_names",
    "uscc",
    "org_code",
    "category",
    "level",
    "registration_authority",
    "supervisor",
    "founder",
    "address",
    "county_code",
    "township",
    "township_candidates",
    "zone",
    "community",
    "legal_rep",
    "phones",
    "established_on",
    "status",
    "status_date",
    "staff_count",
    "authority_department",
    "verified_on",
)
FLAGS: Final[tuple[str, ...]] = (
    "conflict",
    "missing",
    "no_authority_record",
    "township_unresolved",
)
REQUIRED_FIELDS: Final[tuple[str, ...]] = (
    "name",
    "category",
    "level",
    "address",
    "county_code",
    "township",
    "legal_rep",
    "phones",
    "established_on",
    "status",
    "uscc",
)
FIELD_CHECK: Final = "实地核实"
TAX: Final = "税务"
FILED_ONLY: Final = "社区社会组织"  # a filed (备案) community group has no credit code

# Who registers the organization, i.e. who is the authority, in the order of authority.
# Everything else with a category (companies, 其他中介组织) is registered by 工商.
_AUTHORITY: Final[Mapping[str, tuple[str, ...]]] = {
    "社会团体": ("民政",),
    "民办非企业单位": ("民政",),
    "基金会": ("民政",),
    "律师事务所": ("司法",),
    "基层法律服务所": ("司法",),
    "公证处": ("司法",),
    "司法鉴定机构": ("司法",),
    # Approved by 财政, then registered as an enterprise with 工商.
    "会计师事务所": ("财政", "工商"),
    "资产评估机构": ("财政", "工商"),
    "税务师事务所": ("财政", "工商"),
    # Filed with the street (备案) unless qualified to register with 民政.
    "社区社会组织": ("备案", "民政"),
}
# Departments that register or file organizations. The tax office only taxes them, so it
# comes after all of these and never decides who or whether an organization is.
_REGISTRARS: Final[tuple[str, ...]] = ("民政", "司法", "财政", "工商", "备案")

# Identity fields: the authority's records first, whatever their date.
_IDENTITY_FIELDS: Final = (
    "name",
    "uscc",
    "org_code",
    "level",
    "registration_authority",
    "supervisor",
    "founder",
    "established_on",
    # A new 法定代表人 is registered (变更登记); the tax list often still names the old one.
    "legal_rep",
)
# Contact details change without re-registration: the newest registrar's list is the best
# guess; the tax office's only where no registrar has one.
_CONTACT_FIELDS: Final = (
    "address",
    "county_code",
    "township",
    "zone",
    "community",
    "phones",
    "staff_count",
)
_ACTIVE_RESULT: Final = "正常活动"
_CORRECTION_RESULT: Final = "信息更正"
_DERIVED: Final = frozenset(
    {"former_names", "authority_department", "verified_on", "township_candidates"}
)
# The SourceRecord fields a golden record is chosen from (what SourceView.values holds).
SOURCE_FIELDS: Final[tuple[str, ...]] = (
    *(name for name in GOLDEN_FIELDS if name not in _DERIVED),
    "former_name",
    "uscc_valid",
    "org_code_valid",
    "township_candidates",
)

Pair = tuple[Any, SourceView]


def authority_department(category: str) -> tuple[str, ...]:
    """The departments that register this legal form (登记管理机关), most authoritative first.

    An unknown category (``""``) has no authority: nobody can be said to be missing.
    """
    if not category:
        return ()
    return _AUTHORITY.get(category, ("工商",))


def source_label(view: SourceView) -> str:
    """How a source is cited to people: ``民政 民政2024.xlsx:12``."""
    return f"{view.department} {view.file}:{view.row}"


def golden_record(sources: Sequence[SourceView], findings: Sequence[FieldFinding] = ()) -> Golden:
    """Choose an organization's fields from its source records, then apply field findings."""
    category = _decide_category(sources)
    authority = authority_department(category)
    ranked = _ranked(sources, authority)
    golden = Golden(fields={}, provenance={})
    _choose(golden, "category", _category_pairs(ranked, category))
    for name in _IDENTITY_FIELDS:
        _choose(golden, name, _pairs(ranked, name))
    _choose_status(golden, ranked)
    # Newest first, the tax office after every registrar: it keeps the address and the
    # phone it was first told, whatever the date on its list (stable sort: rank within).
    newest_first = sorted(
        ranked, key=lambda view: (view.department == TAX, -view.as_of.toordinal())
    )
    for name in _CONTACT_FIELDS:
        _choose(golden, name, _pairs(newest_first, name))
    _choose_former_names(golden, ranked)
    golden.fields["authority_department"] = _authority_seen(authority, sources)
    golden.conflicts = _conflicts(ranked, authority, golden)
    _apply_findings(golden, findings, sources, authority)
    newest = max((f.verified_on for f in findings), default=None)
    golden.fields["verified_on"] = newest.isoformat() if newest else None  # 最近核实日期
    golden.fields["township_candidates"] = _township_candidates(golden, sources)
    golden.fields = {name: golden.fields[name] for name in GOLDEN_FIELDS}
    golden.missing = _missing(golden.fields)
    golden.flags = _flags(golden, authority, sources)
    return golden


# ---------------------------------------------------------------------------
# Values and ranking


def _value(view: SourceView, name: str) -> Any:
    """The source's value for a field, or ``None`` when it gave none worth taking."""
    value = view.values.get(name)
    if name in ("uscc", "org_code") and view.values.get(f"{name}_valid") is not True:
        return None  # an invalid code is kept on the record, never promoted
    if isinstance(value, str):
        value = value.strip()
    return None if value in ("", None) else value


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _pairs(views: Iterable[SourceView], name: str) -> list[Pair]:
    return [(value, view) for view in views if (value := _value(view, name)) is not None]


def _decide_category(sources: Sequence[SourceView]) -> str:
    """The most common category, counting the tax office only when nobody else gave one.

    Ties go to the department that registers more organizations (民政 before 司法 …), then
    to the newest list.
    """
    registrars = [view for view in sources if view.department != TAX]
    for pool in (registrars, [view for view in sources if view.department == TAX]):
        pairs = _pairs(pool, "category")
        if pairs:
            counts = Counter(str(value) for value, _ in pairs)
            return max(counts, key=lambda value: (counts[value], _category_tiebreak(value, pairs)))
    return ""


def _category_tiebreak(category: str, pairs: list[Pair]) -> tuple[int, dt.date]:
    views = [view for value, view in pairs if value == category]
    best = min(_registrar_index(view.department) for view in views)
    return -best, max(view.as_of for view in views)


def _registrar_index(department: str) -> int:
    return _REGISTRARS.index(department) if department in _REGISTRARS else len(_REGISTRARS)


def _tier(department: str, authority: tuple[str, ...]) -> int:
    """Authority first, in its order; then the other registrars; the tax office last."""
    if department in authority:
        return authority.index(department)
    if department == TAX:
        return 100
    return len(authority) + _registrar_index(department)


def _ranked(sources: Sequence[SourceView], authority: tuple[str, ...]) -> list[SourceView]:
    """Sources in order of trust for identity fields.

    Within a department the newest list speaks for it: a deregistration (注销) in this
    month's file ends what last month's file still called active. Within one list, a
    renamed organization can still appear under its old name and a re-registered one
    keeps its old, deregistered entry; so a record whose name another source calls
    former (曾用名) goes after, a dead one after a live one, then the highest row wins.
    """
    former: dict[str, set[int]] = {}
    for view in sources:
        if old := _value(view, "former_name"):
            former.setdefault(old, set()).add(view.record_id)

    def key(view: SourceView) -> tuple[int, int, bool, bool, int, str, int]:
        name = _value(view, "name")
        superseded = bool(former.get(name, set()) - {view.record_id}) if name else False
        dead = _value(view, "status") in STATUS_ENDED
        tier = _tier(view.department, authority)
        return (
            tier,
            -view.as_of.toordinal(),
            superseded,
            dead,
            -view.row,
            view.file,
            view.record_id,
        )

    return sorted(sources, key=key)


# ---------------------------------------------------------------------------
# Choosing


def _entry(value: Any, view: SourceView) -> dict[str, Any]:
    return {
        "value": _json(value),
        "department": view.department,
        "file": view.file,
        "row": view.row,
        "as_of": view.as_of.isoformat(),
        "record_id": view.record_id,
    }


def _empty(name: str) -> Any:
    if name in ("established_on", "status_date", "staff_count"):
        return None
    return [] if name == "former_names" else ""


def _choose(golden: Golden, name: str, pairs: list[Pair]) -> None:
    """The first pair's value wins; every pair is provenance, the chosen one first."""
    golden.fields[name] = _json(pairs[0][0]) if pairs else _empty(name)
    golden.provenance[name] = [_entry(value, view) for value, view in pairs]


def _category_pairs(ranked: list[SourceView], category: str) -> list[Pair]:
    pairs = _pairs(ranked, "category")
    return [p for p in pairs if p[0] == category] + [p for p in pairs if p[0] != category]


def _choose_status(golden: Golden, ranked: list[SourceView]) -> None:
    """Status and its date come together, from one record; the tax office never decides
    whether an organization exists (domain §8), so its status is only compared."""
    pairs = [pair for pair in _pairs(ranked, "status") if pair[1].department != TAX]
    _choose(golden, "status", pairs)
    chosen_date = _value(pairs[0][1], "status_date") if pairs else None
    date_pairs = [(chosen_date, pairs[0][1])] if chosen_date else []
    _choose(golden, "status_date", date_pairs)


def _choose_former_names(golden: Golden, ranked: list[SourceView]) -> None:
    """Names the organization had (曾用名) — not the same name written with or without its
    region (昆明市五华区X协会 is 五华区X协会) or another legal-form spelling."""
    current = golden.fields["name"]
    pairs = [
        (value, view)
        for view in ranked
        for name in ("name", "former_name")
        if (value := _value(view, name)) is not None and not same_name(value, current)
    ]
    golden.fields["former_names"] = list(dict.fromkeys(value for value, _ in pairs))
    golden.provenance["former_names"] = [_entry(value, view) for value, view in pairs]


def _form(suffix: str) -> str:
    return suffix.replace("有限责任公司", "有限公司")  # one legal form, two spellings


def same_name(a: str, b: str | None) -> bool:
    """One name, written with or without its region or another company form."""
    if b is None or a == b:
        return a == b
    x, y = normalise_name(a), normalise_name(b)
    same_region = x.region_code == y.region_code or not (x.region_code and y.region_code)
    return x.core == y.core and _form(x.suffix) == _form(y.suffix) and same_region


def _authority_seen(authority: tuple[str, ...], sources: Sequence[SourceView]) -> str:
    """The authority department that listed the organization, else the one that should have."""
    seen = {view.department for view in sources}
    return next((d for d in authority if d in seen), authority[0] if authority else "")


# ---------------------------------------------------------------------------
# Conflicts


def _conflict(name: str, reason: str, pairs: list[Pair]) -> dict[str, Any]:
    """``{field, reason, values: [{value, sources}]}``, values in order of trust."""
    grouped: dict[Any, list[str]] = {}
    for value, view in pairs:
        grouped.setdefault(_json(value), []).append(source_label(view))
    values = [{"value": value, "sources": labels} for value, labels in grouped.items()]
    return {"field": name, "reason": reason, "values": values}


def _conflicts(
    ranked: list[SourceView], authority: tuple[str, ...], golden: Golden
) -> list[dict[str, Any]]:
    found = (
        _phone_conflict(ranked),
        _county_conflict(ranked),
        _status_conflict(ranked, authority),
        _legal_rep_conflict(ranked, authority, golden.fields["legal_rep"]),
        _uscc_conflict(ranked),
    )
    return [conflict for conflict in found if conflict is not None]


def _phone_set(phones: str) -> frozenset[str]:
    return frozenset(part.strip() for part in phones.split(",") if part.strip())


def _phone_conflict(ranked: list[SourceView]) -> dict[str, Any] | None:
    """Two lists sharing no number at all: one of them has the wrong organization's phone."""
    pairs = _pairs(ranked, "phones")
    sets = [_phone_set(value) for value, _ in pairs]
    disjoint = any(a.isdisjoint(b) for i, a in enumerate(sets) for b in sets[i + 1 :])
    return _conflict("phones", "电话不一致", pairs) if disjoint else None


def _county(code: str) -> str:
    """A retired code (晋宁县 530122) is the same county as its successor (530115)."""
    county = county_by_code(code)
    return county.code if county else code


def _county_conflict(ranked: list[SourceView]) -> dict[str, Any] | None:
    pairs = [(_county(value), view) for value, view in _pairs(ranked, "county_code")]
    if len({value for value, _ in pairs}) < 2:
        return None
    return _conflict("county_code", "地址分属不同区县", pairs)


def _status_conflict(ranked: list[SourceView], authority: tuple[str, ...]) -> dict[str, Any] | None:
    """The registering department says alive and another says dead, or the reverse."""
    pairs = _pairs(ranked, "status")
    said = next((pair for pair in pairs if pair[1].department in authority), None)
    if said is None or (said[0] != STATUS_ACTIVE and said[0] not in STATUS_ENDED):
        return None
    opposite = STATUS_ENDED if said[0] == STATUS_ACTIVE else {STATUS_ACTIVE}
    against = [
        pair for pair in pairs if pair[1].department not in authority and pair[0] in opposite
    ]
    if not against:
        return None
    departments = "、".join(dict.fromkeys(view.department for _, view in against))
    return _conflict("status", f"登记机关与{departments}状态不一致", [said, *against])


def _legal_rep_conflict(
    ranked: list[SourceView], authority: tuple[str, ...], chosen: str
) -> dict[str, Any] | None:
    """Another registering department names someone else than the authority.

    The tax office is left out: it keeps the representative it was first told about, so
    its disagreeing is expected and not worth a field visit.
    """
    pairs = [(value, view) for value, view in _pairs(ranked, "legal_rep") if view.department != TAX]
    said = next((value for value, view in pairs if view.department in authority), None)
    if said is None or all(value == said for value, _ in pairs):
        return None
    return _conflict("legal_rep", "法定代表人不一致", pairs)


def _uscc_conflict(ranked: list[SourceView]) -> dict[str, Any] | None:
    pairs = _pairs(ranked, "uscc")
    if len({value for value, _ in pairs}) < 2:
        return None
    return _conflict("uscc", "统一社会信用代码不一致", pairs)


# ---------------------------------------------------------------------------
# Field findings


def _finding_values(finding: FieldFinding) -> dict[str, Any]:
    # What the team wrote down counts whatever it found, as the import applied it: a team
    # that found an organization at work (正常活动) may still note its founder. Keys outside
    # the golden record (举办单位类型, or a typo in a returned sheet) have nothing to correct.
    corrected = {k: v for k, v in finding.corrections.items() if k in GOLDEN_FIELDS}
    if finding.result == _CORRECTION_RESULT:
        return corrected
    # 正常活动 → 正常, 已注销 → 注销; 停止活动 and 查无此组织 are statuses of their own.
    return {"status": status_word(finding.result), "status_date": finding.verified_on, **corrected}


def _apply_findings(
    golden: Golden,
    findings: Sequence[FieldFinding],
    sources: Sequence[SourceView],
    authority: tuple[str, ...],
) -> None:
    """Per field, the newest finding that speaks about it decides, unless a department list
    dated after the visit has the field: then the department knows something newer."""
    decided: set[str] = set()
    for finding in sorted(findings, key=lambda f: (f.verified_on, f.file, f.row), reverse=True):
        for name, value in _finding_values(finding).items():
            if name in decided or name in _DERIVED:
                continue
            decided.add(name)
            if _newer_source_has(name, finding.verified_on, sources):
                continue
            if finding.result == _ACTIVE_RESULT and _authority_says_inactive(golden, authority):
                continue  # seen active, but a deregistered organization stays deregistered
            _set_from_finding(golden, name, value, finding)


def _newer_source_has(name: str, verified_on: dt.date, sources: Sequence[SourceView]) -> bool:
    source_field = "status" if name == "status_date" else name
    return any(
        view.as_of > verified_on
        and _value(view, source_field) is not None
        and not (source_field == "status" and view.department == TAX)
        for view in sources
    )


def _authority_says_inactive(golden: Golden, authority: tuple[str, ...]) -> bool:
    chosen = golden.provenance["status"][:1]
    return (
        bool(chosen)
        and chosen[0]["department"] in authority
        and chosen[0]["value"] != STATUS_ACTIVE
    )


def _set_from_finding(golden: Golden, name: str, value: Any, finding: FieldFinding) -> None:
    value = _json(value)
    if name == "staff_count" and isinstance(value, str):
        value = int(value) if value.strip().isdigit() else None
    old = golden.fields.get(name)
    if name == "name" and old and old != value and old not in golden.fields["former_names"]:
        golden.fields["former_names"].insert(0, old)
    golden.fields[name] = value
    entry = {
        "value": value,
        "department": FIELD_CHECK,
        "file": finding.file,
        "row": finding.row,
        "as_of": finding.verified_on.isoformat(),
        "record_id": None,
    }
    golden.provenance[name].insert(0, entry)


# ---------------------------------------------------------------------------
# Missing and flags


def _township_candidates(golden: Golden, sources: Sequence[SourceView]) -> list[str]:
    """The townships the chosen address's road crosses, when nobody (no source, no field
    team) said which one it is in: the organization needs a visit, not a guess."""
    fields = golden.fields
    if fields["township"] or fields["zone"] or not fields["address"]:
        return []
    chosen = golden.provenance["address"][:1]
    record = chosen[0]["record_id"] if chosen else None
    view = next((view for view in sources if view.record_id == record), None)
    candidates = view.values.get("township_candidates") if view is not None else None
    return [str(name) for name in candidates or []]


def _missing(fields: Mapping[str, Any]) -> list[str]:
    def required(name: str) -> bool:
        # A filed group has no credit code. Every organization with an address falls, in the
        # last resort, to the township it is in (属地, 区域兜底), or to the management zone,
        # which is a responsible area of its own.
        if name == "uscc":
            return bool(fields["category"] != FILED_ONLY)
        if name == "township":
            return bool(fields["address"]) and not fields["zone"]
        return True

    return [name for name in REQUIRED_FIELDS if required(name) and fields[name] in ("", None)]


def _flags(golden: Golden, authority: tuple[str, ...], sources: Sequence[SourceView]) -> list[str]:
    seen = {view.department for view in sources}
    raised = {
        "conflict": bool(golden.conflicts),
        "missing": bool(golden.missing),
        # Never seen by the registering department: maybe unregistered, maybe mislinked.
        "no_authority_record": bool(authority) and not seen & set(authority),
        # The road crosses townships and the house number cannot tell (门牌号无法判定).
        "township_unresolved": bool(golden.fields["township_candidates"]),
    }
    return sorted(flag for flag in FLAGS if raised[flag])
