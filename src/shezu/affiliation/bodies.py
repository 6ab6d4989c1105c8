"""Writes of the body register (责任主体): the Kunming seed, the workbook in and out.

A department keeps its register in one workbook (责任主体表) with fixed columns
(`HEADERS`): `bodies_export` writes it — the seed when the database has none yet — and
`bodies_import` reads it back, adding and changing bodies by 编号. A bad row is reported
with its row number and column and left out; the rest is written in one transaction.
Bodies are never deleted here: 停用 (inactive) keeps old assignments readable.

The register must stay a forest: every 上级编号 known, no body its own ancestor, and each
unit (对应单位, by `unit_key`) answered for by one body only — otherwise the rules could
not tell which body a supervising unit or founder stands for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain, islice
from pathlib import Path
from typing import Final

import xlsxwriter
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from shezu.affiliation.errors import BodiesError
from shezu.affiliation.models import Assignment, BodyKind, ResponsibleBody
from shezu.affiliation.seed import BodySpec, kunming_bodies
from shezu.affiliation.units import unit_key
from shezu.census.api import (
    CITY_CODE,
    Cell,
    IntakeError,
    clean_text,
    counties,
    file_digest,
    is_blank,
    open_table,
    zones,
)

# The workbook's columns, in order; every one must be there to import.
CODE, NAME, KIND, PARENT, AREA, UNITS, DEPARTMENT, STATUS = HEADERS = (
    "编号",
    "名称",
    "类型",
    "上级编号",
    "管辖区划代码",
    "对应单位",
    "主管部门",
    "状态",
)
ACTIVE_WORD: Final = "启用"
INACTIVE_WORD: Final = "停用"
HEADER_SEARCH_ROWS: Final = 30
AREA_CODES_ALLOWED: Final = "应为 530100、区县或管理区的6位代码，或乡镇街道、管理区的9位代码"
# How people list several units in one cell; the export writes the first.
UNIT_SEPARATOR: Final = "、"
_UNIT_SPLIT: Final = re.compile(r"[、；;,，\r\n]+")
# The export offers its drop-downs this many rows below the last body, for new ones.
_ROOM_FOR_NEW_ROWS: Final = 500
# Lengths of the model's columns, checked per row so one long cell rejects one row.
_LENGTHS: Final = {CODE: 40, NAME: 100, DEPARTMENT: 20}
_KIND_ORDER: Final = {kind.value: index for index, kind in enumerate(BodyKind)}


@dataclass(frozen=True)
class _Body:
    """A body as the workbook holds it: what a row says, or what the database holds."""

    code: str
    name: str
    kind: str
    parent_code: str
    area_code: str
    units: tuple[str, ...]
    department: str
    active: bool


@dataclass(frozen=True)
class _Row:
    number: int  # as Excel shows it (or the CSV line)
    body: _Body


@dataclass(frozen=True)
class _Stored:
    pk: int
    body: _Body


@dataclass
class BodiesReport:
    """What importing one body workbook did; `rejected` holds (row, column, message).

    Rows are numbered as the user sees them in Excel (or as CSV lines); `unchanged` rows
    said what the register already held.
    """

    file: str
    sha256: str = ""
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.added + self.updated

    @property
    def rejected_rows(self) -> int:
        return len({row for row, _, _ in self.rejected})


# ---------------------------------------------------------------------------
# Seed


def bodies_seed() -> int:
    """Add the Kunming seed bodies (seed.py) the register does not hold yet, by 编号,
    parents first; bodies already there are left as they are. Idempotent; returns how many
    were added. Raises BodiesError, with nothing written, when a body to add would answer
    for a unit another body already answers for."""
    specs = kunming_bodies()
    try:
        with transaction.atomic():
            return _seed_missing(specs)
    except IntegrityError:
        # Another process seeded at the same time: what it added is no longer missing.
        with transaction.atomic():
            return _seed_missing(specs)


def _seed_missing(specs: list[BodySpec]) -> int:
    stored = _stored_lock()
    missing = [spec for spec in specs if spec.code not in stored]
    _seed_units_require(missing, stored)
    ids = {code: body.pk for code, body in stored.items()}
    added = 0
    while missing:
        # Parents first: each round adds the bodies whose parent now exists.
        ready = [spec for spec in missing if not spec.parent_code or spec.parent_code in ids]
        if not ready:
            codes = "、".join(spec.code for spec in missing[:5])
            raise BodiesError(f"种子责任主体的上级编号不存在：{codes} (seed parent missing)")
        ResponsibleBody.objects.bulk_create(
            ResponsibleBody(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                parent_id=ids[spec.parent_code] if spec.parent_code else None,
                area_code=spec.area_code,
                units=list(spec.units),
                department=spec.department,
            )
            for spec in ready
        )
        ids.update(
            ResponsibleBody.objects.filter(code__in=[s.code for s in ready]).values_list(
                "code", "pk"
            )
        )
        added += len(ready)
        missing = [spec for spec in missing if spec.code not in ids]
    return added


def _seed_units_require(missing: list[BodySpec], stored: dict[str, _Stored]) -> None:
    owners = _unit_owners(stored[code].body for code in sorted(stored))
    clashes = [
        f"{spec.code} 的「{unit}」已属于 {owners[unit_key(unit)].code}"
        for spec in missing
        for unit in spec.units
        if unit_key(unit) in owners
    ]
    if clashes:
        raise BodiesError(
            "种子责任主体的对应单位已由其他责任主体负责："
            + "；".join(clashes[:5])
            + (f" 等 {len(clashes)} 处" if len(clashes) > 5 else "")
            + " (seed units already claimed)"
        )


# ---------------------------------------------------------------------------
# Import


def bodies_import(path: Path) -> BodiesReport:
    """Add and change bodies from a body workbook (xlsx, xls or CSV with `HEADERS`).

    Rows are matched by 编号: a new one is added, a known one takes the row's values. A row
    is rejected, and the rest kept, for a missing 编号, 名称 or 类型, an unknown 类型 or
    状态, a 管辖区划代码 outside Kunming, a 编号 seen earlier in the file, a 上级编号 neither
    in the file nor in the register, a unit another body answers for, a 停用 of a body
    still responsible for organizations (open assignments), or a 上级编号 that would make
    a body its own ancestor (every row on such a cycle). One transaction: a failure
    leaves the register as it was, and the same file twice changes nothing the second time.

    Raises IntakeError, with nothing written, for a file that cannot be read or has not
    the body workbook's columns.
    """
    sha256, _size = file_digest(path)
    numbered = _sheet_rows(path)
    report = BodiesReport(file=path.name, sha256=sha256, rows_read=len(numbered))
    with transaction.atomic():
        stored = _stored_lock()
        rows = _rows_parse(numbered, stored, report)
        accepted = _graph_check(rows, stored, _codes_in_file(numbered), report)
        _rows_write(accepted, stored, report)
    # By row; a row's problems in the order of its columns.
    report.rejected.sort(key=lambda rejected: rejected[0])
    return report


def _sheet_rows(path: Path) -> list[tuple[int, dict[str, Cell]]]:
    """Every non-blank row under the header, as (row number, column → cell).

    The whole sheet is read before anything is written: a file that breaks halfway
    leaves the register as it was. A register has hundreds of rows, not millions.
    """
    table = open_table(path)
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    header_index, columns = _header_find(head, path.name)
    first = table.first_row + header_index + 1
    numbered = []
    for offset, row in enumerate(chain(head[header_index + 1 :], table.rows)):
        if all(is_blank(cell) for cell in row):
            continue
        cells = {name: row[p] if p < len(row) else None for name, p in columns.items()}
        numbered.append((first + offset, cells))
    return numbered


def _header_find(head: list[list[Cell]], file: str) -> tuple[int, dict[str, int]]:
    best: dict[str, int] = {}
    for index, row in enumerate(head):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = re.sub(r"[\s*＊]", "", clean_text(cell))
            if key in HEADERS and key not in columns:
                columns[key] = position
        if len(columns) == len(HEADERS):
            return index, columns
        if len(columns) > len(best):
            best = columns
    lacking = "」「".join(name for name in HEADERS if name not in best)
    raise IntakeError(
        f"前{HEADER_SEARCH_ROWS}行中找不到责任主体表的表头：缺少列「{lacking}」"
        " (not a body workbook)",
        file=file,
    )


def _codes_in_file(numbered: list[tuple[int, dict[str, Cell]]]) -> dict[str, int]:
    """编号 → the first row giving it, whatever else is wrong with the row."""
    rows: dict[str, int] = {}
    for number, cells in numbered:
        code = clean_text(cells.get(CODE)).replace(" ", "")
        if code:
            rows.setdefault(code, number)
    return rows


def _stored_lock() -> dict[str, _Stored]:
    """Every body in the register, by code, locked until the transaction ends."""
    return _stored(ResponsibleBody.objects.select_for_update())


def _stored(bodies: QuerySet[ResponsibleBody]) -> dict[str, _Stored]:
    rows = list(
        bodies.order_by("pk").values_list(
            "pk", "code", "name", "kind", "parent_id", "area_code", "units", "department", "active"
        )
    )
    code_of = {row[0]: row[1] for row in rows}
    return {
        code: _Stored(
            pk=pk,
            body=_Body(
                code=code,
                name=name,
                kind=kind,
                parent_code=code_of[parent_id] if parent_id else "",
                area_code=area_code,
                units=tuple(units or ()),
                department=department,
                active=active,
            ),
        )
        for pk, code, name, kind, parent_id, area_code, units, department, active in rows
    }


def _rows_parse(
    numbered: list[tuple[int, dict[str, Cell]]], stored: dict[str, _Stored], report: BodiesReport
) -> list[_Row]:
    """The rows whose cells are right on their own; the others go to `report.rejected`."""
    rows: list[_Row] = []
    first_row: dict[str, int] = {}
    open_counts = _open_assignments()
    for number, cells in numbered:
        body, problems = _body_read(cells)
        if body is not None and body.code in first_row:
            problems.append((CODE, f"编号「{body.code}」与第{first_row[body.code]}行重复"))
        elif body is not None:
            first_row[body.code] = number
        if body is not None and not problems:
            problems += _deactivation_problems(body, stored, open_counts)
        if problems or body is None:
            report.rejected.extend((number, column, message) for column, message in problems)
        else:
            rows.append(_Row(number, body))
    return rows


def _body_read(cells: dict[str, Cell]) -> tuple[_Body | None, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    text = {column: clean_text(cells.get(column)) for column in HEADERS if column != UNITS}
    code = text[CODE].replace(" ", "")
    for column in (CODE, NAME, KIND):
        if not text[column]:
            problems.append((column, f"未填写{column}"))
    for column, limit in _LENGTHS.items():
        if len(text[column]) > limit:
            problems.append((column, f"{column}超过 {limit} 个字"))
    kind = _kind_value(text[KIND])
    if text[KIND] and kind is None:
        allowed = "、".join(BodyKind.labels)
        problems.append((KIND, f"类型应为 {allowed} 之一，而不是「{text[KIND]}」"))
    area = text[AREA].replace(" ", "")
    if not area:
        problems.append((AREA, "未填写管辖区划代码"))
    elif not area_code_known(area):
        problems.append((AREA, f"「{area}」不是昆明市的区划代码：{AREA_CODES_ALLOWED}"))
    status = text[STATUS].replace(" ", "")
    if status not in ("", ACTIVE_WORD, INACTIVE_WORD):
        problems.append((STATUS, f"状态应为 {ACTIVE_WORD} 或 {INACTIVE_WORD}，而不是「{status}」"))
    if problems or kind is None:
        return None, problems
    body = _Body(
        code=code,
        name=text[NAME],
        kind=kind,
        parent_code=text[PARENT].replace(" ", ""),
        area_code=area,
        units=units_split(cells.get(UNITS)),
        department=text[DEPARTMENT],
        active=status != INACTIVE_WORD,
    )
    return body, []


def _kind_value(text: str) -> str | None:
    """The BodyKind value a cell names, by its Chinese label or its English value."""
    for kind in BodyKind:
        if text in (kind.label, kind.value) or text.lower() == kind.value:
            return kind.value
    return None


def units_split(value: Cell) -> tuple[str, ...]:
    """The unit names of a 对应单位 cell, split on 、 ； ; , ， or line breaks, each once."""
    if is_blank(value):
        return ()
    raw = value if isinstance(value, str) else clean_text(value)
    names = (clean_text(part) for part in _UNIT_SPLIT.split(raw))
    return tuple(dict.fromkeys(name for name in names if name))


def area_code_known(code: str) -> bool:
    """530100, a current Kunming county's code, a zone's code, or a 9-digit township or
    zone code (统计用区划代码) under one of them."""
    counties_and_zones, zone_townships = _kunming_areas()
    if not code.isdigit():
        return False
    if len(code) == 6:
        return code == CITY_CODE or code in counties_and_zones
    return len(code) == 9 and (code[:6] in counties_and_zones or code in zone_townships)


@cache
def _kunming_areas() -> tuple[frozenset[str], frozenset[str]]:
    """(the counties' and zones' 6-digit codes, the zones' 9-digit codes)."""
    six = {county.code for county in counties()} | {zone.code for zone in zones() if zone.code}
    return frozenset(six), frozenset(zone.township_code for zone in zones())


def _open_assignments() -> dict[int, int]:
    """Body pk → how many organizations it is responsible for now (open assignments)."""
    counts = (
        Assignment.objects.filter(valid_to__isnull=True)
        .values("body_id")
        .annotate(open=Count("id"))
        .values_list("body_id", "open")
    )
    return dict(counts)


def _deactivation_problems(
    body: _Body, stored: dict[str, _Stored], open_counts: dict[int, int]
) -> list[tuple[str, str]]:
    """停用 is refused while the body is still responsible for organizations: they would
    be left without one until the rules run again."""
    before = stored.get(body.code)
    if body.active or before is None or not before.body.active:
        return []
    count = open_counts.get(before.pk, 0)
    if not count:
        return []
    return [(STATUS, f"仍负责 {count:,} 个社会组织（责任归属未结束），不能停用")]


# ---------------------------------------------------------------------------
# The register as a whole: parents, units, cycles


def _graph_check(
    rows: list[_Row], stored: dict[str, _Stored], in_file: dict[str, int], report: BodiesReport
) -> list[_Row]:
    """The rows that leave the register whole, the others rejected into `report`.

    Checked over the register as it would be (database + file). A rejected row leaves its
    body as the database holds it, which can break a row accepted before (its parent now
    unknown, a unit it took now still held), so the checks run until nothing changes.
    """
    accepted = {row.body.code: row for row in rows}
    while True:
        problems = (
            _parent_problems(accepted, stored, in_file)
            or _cycle_problems(accepted, stored)
            or _unit_problems(accepted, stored)
        )
        if not problems:
            return sorted(accepted.values(), key=lambda row: row.number)
        for code, (column, message) in problems.items():
            report.rejected.append((accepted.pop(code).number, column, message))


def _final(accepted: dict[str, _Row], stored: dict[str, _Stored]) -> dict[str, _Body]:
    bodies = {code: s.body for code, s in stored.items()}
    bodies.update({code: row.body for code, row in accepted.items()})
    return bodies


def _parent_problems(
    accepted: dict[str, _Row], stored: dict[str, _Stored], in_file: dict[str, int]
) -> dict[str, tuple[str, str]]:
    problems = {}
    for code, row in accepted.items():
        parent = row.body.parent_code
        if not parent or parent in accepted or parent in stored:
            continue
        if parent in in_file:
            message = f"上级编号「{parent}」在本文件第{in_file[parent]}行，但该行被退回"
        else:
            message = f"上级编号「{parent}」在本文件和责任主体名录中都不存在"
        problems[code] = (PARENT, message)
    return problems


def _cycle_problems(
    accepted: dict[str, _Row], stored: dict[str, _Stored]
) -> dict[str, tuple[str, str]]:
    parents = {code: body.parent_code for code, body in _final(accepted, stored).items()}
    problems = {}
    for cycle in hierarchy_cycles(parents):
        for position, code in enumerate(cycle):
            if code in accepted:
                # Named from this row's body on: 编号 → its 上级编号 → … back to it.
                turn = [*cycle[position:], *cycle[:position], code]
                problems[code] = (PARENT, f"上级关系成环：{' → '.join(turn)}（本身成了自己的上级）")
    return problems


def hierarchy_cycles(parents: dict[str, str]) -> list[list[str]]:
    """Every cycle of a code → parent code map, each as its codes in parent order."""
    done: set[str] = set()
    cycles = []
    for start in sorted(parents):
        path: list[str] = []
        on_path: dict[str, int] = {}
        code = start
        while code in parents and code not in done and code not in on_path:
            on_path[code] = len(path)
            path.append(code)
            code = parents[code]
        if code in on_path:
            cycles.append(path[on_path[code] :])
        done.update(path)
    return cycles


def _unit_problems(
    accepted: dict[str, _Row], stored: dict[str, _Stored]
) -> dict[str, tuple[str, str]]:
    """Rows claiming a unit another body keeps, or an earlier row of the file took.

    A unit moves from one body to another when the file takes it from the first and gives
    it to the second: only the register as it would be counts.
    """
    kept = [stored[code].body for code in sorted(stored) if code not in accepted]
    owners = {key: f"{body.code} {body.name}" for key, body in _unit_owners(kept).items()}
    problems = {}
    for row in sorted(accepted.values(), key=lambda row: row.number):
        clash = next((unit for unit in row.body.units if unit_key(unit) in owners), None)
        if clash is not None:
            problems[row.body.code] = (UNITS, f"「{clash}」已由 {owners[unit_key(clash)]} 负责")
            continue
        for unit in row.body.units:
            owners[unit_key(unit)] = f"第{row.number}行的 {row.body.code} {row.body.name}"
    return problems


def _unit_owners(bodies: Iterable[_Body]) -> dict[str, _Body]:
    """Unit key → the body answering for it (the first, should two)."""
    owners: dict[str, _Body] = {}
    for body in bodies:
        for unit in body.units:
            owners.setdefault(unit_key(unit), body)
    owners.pop("", None)
    return owners


# ---------------------------------------------------------------------------
# Writing


def _rows_write(rows: list[_Row], stored: dict[str, _Stored], report: BodiesReport) -> None:
    """Add the new bodies, then set every row's values and parent: a new body's parent
    may be another new body, so parents are linked once all exist."""
    new = [row.body for row in rows if row.body.code not in stored]
    ResponsibleBody.objects.bulk_create(_model(body) for body in new)
    ids = {code: s.pk for code, s in stored.items()}
    ids.update(
        ResponsibleBody.objects.filter(code__in=[b.code for b in new]).values_list("code", "pk")
    )
    now = timezone.now()
    changed = []
    for row in rows:
        before = stored.get(row.body.code)
        if before is not None and before.body == row.body:
            report.unchanged += 1
            continue
        model = _model(row.body)
        model.pk = ids[row.body.code]
        model.parent_id = ids[row.body.parent_code] if row.body.parent_code else None
        model.updated_at = now
        changed.append(model)
        if before is None:
            report.added += 1
        else:
            report.updated += 1
    ResponsibleBody.objects.bulk_update(
        changed,
        ["name", "kind", "parent", "area_code", "units", "department", "active", "updated_at"],
        batch_size=500,
    )


def _model(body: _Body) -> ResponsibleBody:
    return ResponsibleBody(
        code=body.code,
        name=body.name,
        kind=body.kind,
        area_code=body.area_code,
        units=list(body.units),
        department=body.department,
        active=body.active,
    )


# ---------------------------------------------------------------------------
# Export


def bodies_export(out: Path) -> int:
    """Write the body register as a workbook with exactly `HEADERS`, the Kunming seed
    when the register is empty; returns how many bodies it holds.

    Every cell is text, 类型 and 状态 offer their words as a list, and the file imports
    back unchanged: it is also the template a department fills in.
    """
    stored = _stored(ResponsibleBody.objects.all())
    bodies = [s.body for s in stored.values()] or [_seed_body(spec) for spec in kunming_bodies()]
    bodies.sort(key=lambda body: (_KIND_ORDER.get(body.kind, len(_KIND_ORDER)), body.code))
    _workbook_write(out, [_cells(body) for body in bodies])
    return len(bodies)


def _seed_body(spec: BodySpec) -> _Body:
    return _Body(
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        parent_code=spec.parent_code,
        area_code=spec.area_code,
        units=spec.units,
        department=spec.department,
        active=True,
    )


def _cells(body: _Body) -> list[str]:
    return [
        body.code,
        body.name,
        str(BodyKind(body.kind).label),
        body.parent_code,
        body.area_code,
        UNIT_SEPARATOR.join(body.units),
        body.department,
        ACTIVE_WORD if body.active else INACTIVE_WORD,
    ]


_WIDTHS: Final = {CODE: 22, NAME: 34, KIND: 24, PARENT: 20, AREA: 14, UNITS: 70, DEPARTMENT: 12}


def _workbook_write(path: Path, rows: Sequence[Sequence[str]]) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("责任主体")
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for column, name in enumerate(HEADERS):
        sheet.set_column(column, column, _WIDTHS.get(name, 8), text)
        sheet.write_string(0, column, name, header)
    for number, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells):
            if value:  # a blank stays an empty cell, not an empty string
                sheet.write_string(number, column, value)
    last = len(rows) + _ROOM_FOR_NEW_ROWS
    for title, words, hint in (
        (KIND, [str(label) for label in BodyKind.labels], "从列表中选择责任主体的类型"),
        (STATUS, [ACTIVE_WORD, INACTIVE_WORD], "留空即启用；停用的责任主体不再承接新的责任"),
    ):
        position = HEADERS.index(title)
        sheet.data_validation(
            1,
            position,
            last,
            position,
            {"validate": "list", "source": words, "input_title": title, "input_message": hint},
        )
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)
    workbook.close()
