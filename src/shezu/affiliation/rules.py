"""The responsibility rules (责任划分规则): an ordered table, first match decides.

A rule table is YAML (`data/rules/kunming-2016.yaml` is the shipped default; its header
explains the language). `rules_load` checks every rule before any is used and names the
file, the rule and the key of a mistake. `decide` walks the table for one organization
and returns the decision with every rule it tried and why each did or did not apply,
which is what `shezu assign explain` prints.

Whatever rule names it, a body only takes organizations inside its jurisdiction: a
township or street body those located in its township, a county body those of its
county (a management zone counts as a county, so a county body does not take what lies
in a zone), a zone body those in its zone. An organization no rule takes goes to the body
of its registration level and is listed for follow-up: never dropped. Django-free.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol

import yaml

from shezu.affiliation import vocabulary as v
from shezu.affiliation.errors import RulesError

CITY_AREA: Final = "530100"
DEFAULT_RULES: Final = Path(__file__).resolve().parent / "data" / "rules" / "kunming-2016.yaml"

_LIST_CONDITIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "level": v.LEVELS,
    "origin": v.ORIGINS,
    "legal_form": v.LEGAL_FORMS,
    "field": v.FIELDS,
    "founder_kind": v.FOUNDER_KINDS,
    "county": (),  # county codes, checked for shape only
}
_PRESENCE_CONDITIONS: Final = ("founder", "supervisor")
_FLAG_CONDITIONS: Final = ("filed_only", "address_resolved")
_SELECTORS: Final = ("founder", "supervisor", "township", "county", "city", "registration")
CONDITION_LABELS: Final[Mapping[str, str]] = {
    **v.ATTRIBUTE_LABELS,
    "county": "所在区县",
    "filed_only": "仅备案",
    "address_resolved": "地址能确定乡镇街道",
}


class Body(Protocol):
    """A responsible body as the rules see it (a row of the body register)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def area_code(self) -> str: ...


class Directory(Protocol):
    """The body register, looked up three ways."""

    def by_code(self, code: str) -> Body | None: ...
    def for_unit(self, name: str) -> Body | None: ...
    def area_body(self, area_code: str) -> Body | None: ...


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    mode: str  # vocabulary MODE_*
    when: Mapping[str, Any]
    unless: Mapping[str, Any]
    body: str  # a selector, or "code:<编号>"


@dataclass(frozen=True)
class RuleTable:
    version: str
    effective_from: dt.date
    title: str
    department: str
    rules: tuple[Rule, ...]
    text: str
    sha256: str


def rules_default() -> RuleTable:
    """The shipped Kunming rules (kunming-2016)."""
    return rules_load(DEFAULT_RULES.read_text(encoding="utf-8"), source=DEFAULT_RULES.name)


def rules_load(text: str, *, source: str) -> RuleTable:
    """A rule table from its YAML; RulesError naming `source`, the rule and the key."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RulesError(f"{source}：不是有效的 YAML（{error}）") from None
    except ValueError:  # a date YAML recognises but cannot build, such as 2016-13-01
        raise RulesError(f"{source}：effective_from（生效日期）应为 YYYY-MM-DD") from None
    if not isinstance(data, dict):
        raise RulesError(f"{source}：应为一个含 version、effective_from、rules 的映射")
    version = str(data.get("version") or "").strip()
    if not version:
        raise RulesError(f"{source}：缺少 version（规则版本名）")
    effective = data.get("effective_from")
    if isinstance(effective, str):
        try:
            effective = dt.date.fromisoformat(effective)
        except ValueError:
            effective = None
    if not isinstance(effective, dt.date):
        raise RulesError(f"{source}：effective_from（生效日期）应为 YYYY-MM-DD")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RulesError(f"{source}：rules 应为至少一条规则的列表")
    rules: list[Rule] = []
    for index, raw in enumerate(raw_rules, start=1):
        rules.append(_rule(raw, f"{source} 第{index}条规则"))
    ids = [rule.id for rule in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise RulesError(f"{source}：规则编号重复：{'、'.join(repeated)}")
    return RuleTable(
        version=version,
        effective_from=effective,
        title=str(data.get("title") or version),
        department=str(data.get("department") or "组织部"),
        rules=tuple(rules),
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}：应为含 id、mode、body 的映射")
    rule_id = str(raw.get("id") or "").strip()
    if not rule_id:
        raise RulesError(f"{where}：缺少 id")
    where = f"{where}（{rule_id}）"
    mode = str(raw.get("mode") or "").strip()
    modes = {**{m: m for m in v.MODE_LABELS}, **{label: m for m, label in v.MODE_LABELS.items()}}
    if mode not in modes:
        raise RulesError(f"{where}：mode 应为 属资/属条/属地/分级 之一，而不是「{mode}」")
    when = _conditions(raw.get("when") or {}, where)
    unless = _conditions(raw.get("not") or {}, f"{where} not")
    body = raw.get("body")
    if isinstance(body, dict) and set(body) == {"code"} and str(body["code"]).strip():
        selector = f"code:{str(body['code']).strip()}"
    elif isinstance(body, str) and body in _SELECTORS:
        selector = body
    else:
        raise RulesError(
            f"{where}：body 应为 {' / '.join(_SELECTORS)} 之一或 {{code: 编号}}，而不是「{body}」"
        )
    return Rule(rule_id, str(raw.get("title") or rule_id), modes[mode], when, unless, selector)


def _conditions(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RulesError(f"{where}：when 应为 条件: 取值 的映射")
    checked: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _LIST_CONDITIONS:
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not values:
                raise RulesError(f"{where}：{key} 应为取值列表")
            allowed = _LIST_CONDITIONS[key]
            wrong = [str(x) for x in values if allowed and str(x) not in allowed]
            if key == "county":
                wrong = [str(x) for x in values if not (str(x).isdigit() and len(str(x)) == 6)]
            if wrong:
                raise RulesError(f"{where}：{key} 的取值「{'、'.join(wrong)}」不在词表中")
            checked[key] = frozenset(str(x) for x in values)
        elif key in _PRESENCE_CONDITIONS:
            if value not in ("present", "absent"):
                raise RulesError(f"{where}：{key} 应为 present 或 absent")
            checked[key] = value
        elif key in _FLAG_CONDITIONS:
            if not isinstance(value, bool):
                raise RulesError(f"{where}：{key} 应为 true 或 false")
            checked[key] = value
        else:
            known = [*_LIST_CONDITIONS, *_PRESENCE_CONDITIONS, *_FLAG_CONDITIONS]
            raise RulesError(f"{where}：未知条件「{key}」（可用：{', '.join(known)}）")
    return checked


# ---------------------------------------------------------------------------
# Deciding


@dataclass(frozen=True)
class Subject:
    """What the rules know about one organization: its classification and where it is."""

    org_id: str
    name: str
    level: str
    origin: str
    legal_form: str
    field: str
    founder: str
    founder_kind: str
    supervisor: str
    county_code: str  # where it is (a zone's host county); "" when unknown
    township: str
    township_code: str  # 9 digits, "" when the address did not tell
    zone: str
    zone_code: str  # 9 digits when it lies in a management zone
    registration_area: str  # 530100 or the registering county's code
    filed_only: bool
    in_scope: bool

    @property
    def address_resolved(self) -> bool:
        return bool(self.township_code or self.zone_code)

    def facts(self) -> dict[str, Any]:
        """The values assignments keep, to tell later what changed."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Attempt:
    rule: str
    title: str
    outcome: str  # why it did not apply; "" for the rule that decided


@dataclass
class Decision:
    mode: str
    body: Body
    rule: str  # the rule's id; FALLBACK_RULE when none applied
    rule_title: str
    attempts: list[Attempt]
    follow_up: list[str] = field(default_factory=list)


_ANSWERING_FOUNDERS: Final = v.UNIT_FOUNDER_KINDS - {v.FOUNDER_SOCIAL_ORGANIZATION}
FALLBACK_RULE: Final = "registration-level"
FALLBACK_TITLE: Final = "无规则适用：按登记层级暂定，待跟进"


def decide(table: RuleTable, subject: Subject, directory: Directory) -> Decision:
    """The first rule that applies to `subject`, with every rule tried before it."""
    attempts: list[Attempt] = []
    follow_up = _follow_up(subject, directory)
    for rule in table.rules:
        failed = _unmet(rule, subject)
        if failed:
            attempts.append(Attempt(rule.id, rule.title, failed))
            continue
        body, missing = _select(rule.body, subject, directory)
        if body is None:
            attempts.append(Attempt(rule.id, rule.title, missing))
            continue
        outside = outside_jurisdiction(body, subject)
        if outside:
            attempts.append(Attempt(rule.id, rule.title, outside))
            continue
        attempts.append(Attempt(rule.id, rule.title, ""))
        return Decision(rule.mode, body, rule.id, rule.title, attempts, follow_up)
    body = _registration_body(subject, directory)
    attempts.append(Attempt(FALLBACK_RULE, FALLBACK_TITLE, ""))
    follow_up.append("没有规则能确定责任主体，已按登记层级暂定")
    return Decision(v.MODE_LEVEL, body, FALLBACK_RULE, FALLBACK_TITLE, attempts, follow_up)


def _unmet(rule: Rule, subject: Subject) -> str:
    """Why the rule's conditions do not hold ("" when they do)."""
    for key, wanted in rule.when.items():
        if not _holds(key, wanted, subject):
            return f"条件不符：{CONDITION_LABELS[key]}{_shown(key, subject)}"
    for key, wanted in rule.unless.items():
        if _holds(key, wanted, subject):
            return f"排除条件成立：{CONDITION_LABELS[key]}{_shown(key, subject)}"
    return ""


def _holds(key: str, wanted: Any, subject: Subject) -> bool:
    if key in _PRESENCE_CONDITIONS:
        return bool(getattr(subject, key)) is (wanted == "present")
    if key in _FLAG_CONDITIONS:
        return bool(getattr(subject, key)) is bool(wanted)
    value = subject.county_code if key == "county" else getattr(subject, key)
    return value in wanted


def _shown(key: str, subject: Subject) -> str:
    if key in _FLAG_CONDITIONS:
        return "：是" if getattr(subject, key) else "：否"
    value = subject.county_code if key == "county" else getattr(subject, key)
    return f"为「{value}」" if value else "未知"


def _select(selector: str, subject: Subject, directory: Directory) -> tuple[Body | None, str]:
    """The body a rule names for the subject, or (None, why there is none)."""
    if selector.startswith("code:"):
        code = selector[5:]
        body = directory.by_code(code)
        return (body, "") if body else (None, f"责任主体名录中没有编号为 {code} 的主体")
    if selector in ("founder", "supervisor"):
        unit = getattr(subject, selector)
        label = v.ATTRIBUTE_LABELS[selector]
        if not unit:
            return None, f"{label}未知"
        body = directory.for_unit(unit)
        return (body, "") if body else (None, f"{label}「{unit}」的党组织不在责任主体名录中")
    if selector == "city":
        return _area(directory, CITY_AREA, "市级")
    if selector == "registration":
        return _registration_body(subject, directory), ""
    if subject.zone_code:
        return _area(directory, subject.zone_code, subject.zone)
    if selector == "township":
        if not subject.township_code:
            return None, "地址未能确定所在乡镇（街道）"
        return _area(directory, subject.township_code, subject.township)
    if not subject.county_code:  # selector == "county"
        return None, "地址未能确定所在区县"
    return _area(directory, subject.county_code, subject.county_code)


def _area(directory: Directory, area_code: str, label: str) -> tuple[Body | None, str]:
    body = directory.area_body(area_code)
    return (body, "") if body else (None, f"责任主体名录中没有{label}（{area_code}）的党组织")


def _registration_body(subject: Subject, directory: Directory) -> Body:
    """The body of the organization's registration level: the city's for a city-wide
    one, else the county's that registered it (or where it is), else the city's."""
    areas = [] if subject.level == v.CITY_WIDE else [subject.registration_area, subject.county_code]
    for area in [*areas, CITY_AREA]:
        body = directory.area_body(area) if area else None
        if body is not None:
            return body
    raise RulesError("责任主体名录中没有市级社会组织党建工作机构（530100）")


def outside_jurisdiction(body: Body, subject: Subject) -> str:
    """Why `body` may not be responsible for `subject` ("" when it may).

    The city takes anything. A county-area body takes what lies in its county; the
    county's own Party-building body not what lies in a management zone, which is its own
    responsible area. A township-area body takes what lies in its township or zone.
    Where the address does not tell the county, the registering county stands for it.
    """
    area = body.area_code
    if area == CITY_AREA:
        return ""
    if len(area) == 6:
        county = subject.county_code or subject.registration_area
        if county != area:
            return f"越界：{body.name} 的辖区为 {area}，组织位于 {county or '未知区县'}"
        if body.kind == "county" and subject.zone_code:
            return f"越界：组织位于管理区「{subject.zone}」，由管理区负责"
        return ""
    place = subject.zone_code or subject.township_code
    if place != area[:9] or (len(area) > 9 and not place):
        where = subject.zone or subject.township or "未知乡镇（街道）"
        return f"越界：{body.name} 的辖区为 {area}，组织位于 {where}"
    return ""


def _follow_up(subject: Subject, directory: Directory) -> list[str]:
    notes = []
    if not subject.address_resolved:
        notes.append("地址未能确定所在乡镇（街道），请核实地址")
    # A founder that answers for what it founds (谁举办谁负责) needs its Party body listed.
    answering = subject.founder_kind in _ANSWERING_FOUNDERS and subject.founder
    if answering and directory.for_unit(subject.founder) is None:
        notes.append(f"举办单位「{subject.founder}」的党组织未在责任主体名录中")
    if subject.supervisor and directory.for_unit(subject.supervisor) is None:
        notes.append(f"业务主管单位「{subject.supervisor}」的党组织未在责任主体名录中")
    return notes


def table_for(tables: Sequence[RuleTable], on: dt.date) -> RuleTable:
    """The table in effect on `on`: the latest effective on or before it, else the earliest."""
    ordered = sorted(tables, key=lambda t: (t.effective_from, t.version))
    effective = [t for t in ordered if t.effective_from <= on]
    return effective[-1] if effective else ordered[0]
