"""A filled template read back: its header found, its rows as cells by column, and the
values in them (dates in every notation the census intake accepts, counts, choices)
with the problem of each cell that cannot be read, as (column, message)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Final

from django.db import models

from shezu.census.api import Cell, clean_text, is_blank, open_table, parse_date
from shezu.party.errors import PartyError
from shezu.party.models import TemplateKind
from shezu.party.templates import REQUIRED, columns_of
from shezu.party.vocabulary import choice_labels, choice_value

HEADER_SEARCH_ROWS: Final = 30
Problem = tuple[str, str]  # (column, message)


@dataclass
class Line:
    """One filled row: its number as Excel shows it, each column's cell, and what reading
    it found wrong (`problems`: the row is rejected) or worth saying (`notes`)."""

    number: int
    raw: dict[str, Cell]
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def text(self, column: str) -> str:
        """The cell as written, spaces collapsed; "" for an absent column."""
        value = self.raw.get(column)
        if isinstance(value, str):
            return " ".join(value.split())
        return clean_text(value) if value is not None else ""

    def written(self) -> dict[str, str]:
        """Every column's text as written, for the rejects workbook."""
        return {column: self.text(column) for column in self.raw}

    def reject(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    def note(self, column: str, message: str) -> None:
        self.notes.append((column, message))

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value, note = parse_date(self.raw.get(column))
        if value is None and note:
            self.reject(column, f"{column}：{note}")
        elif value is None and required:
            self.reject(column, f"未填写{column}")
        elif note:
            self.note(column, f"{column}{note}")
        return value

    def choice(
        self, column: str, choices: type[models.TextChoices], *, required: bool = True
    ) -> str:
        text = self.text(column)
        if not text:
            if required:
                self.reject(column, f"未填写{column}")
            return ""
        value = choice_value(choices, text)
        if value is None:
            self.reject(column, f"{column}应为 {choice_labels(choices)} 之一，而不是「{text}」")
            return ""
        return value

    def count(self, column: str) -> int | None:
        value = self.raw.get(column)
        if is_blank(value):
            return None
        text = clean_text(value).removesuffix("人")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if text.isdigit():
            return int(text)
        self.reject(column, f"{column}应为整数，而不是「{clean_text(value)}」")
        return None


def header_key(cell: Cell) -> str:
    return re.sub(r"[\s*＊]", "", clean_text(cell))


def sheet_read(path: Path, kind: TemplateKind) -> tuple[list[Line], set[str]]:
    """The template's non-blank rows below its header, and the columns the file has.

    The header is the row among the first 30 with most of the kind's columns; a file
    lacking a required one is refused as a whole (PartyError naming the file and them).
    """
    table = open_table(path)
    head = list(islice(table.rows, HEADER_SEARCH_ROWS))
    wanted = columns_of(kind)
    best, columns = -1, dict[str, int]()
    for index, row in enumerate(head):
        found: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = header_key(cell)
            if key in wanted and key not in found:
                found[key] = position
        if len(found) > len(columns):
            best, columns = index, found
    required = REQUIRED[kind]
    if len(set(columns) & set(required)) < 2:
        raise PartyError(
            f"前{HEADER_SEARCH_ROWS}行中找不到{kind.label}模板的表头（应有 "
            f"{'、'.join(required)}）(not a {kind.value} template)",
            file=path.name,
        )
    missing = [column for column in required if column not in columns]
    if missing:
        raise PartyError(
            f"{kind.label}模板缺少表头 {'、'.join(missing)}，整个文件未导入 (missing headers)",
            file=path.name,
        )
    first = table.first_row + best + 1
    lines = []
    for offset, row in enumerate(chain(head[best + 1 :], table.rows)):
        if all(is_blank(cell) for cell in row):
            continue
        raw = {column: _cell(row, position) for column, position in columns.items()}
        if all(is_blank(value) for value in raw.values()):
            continue
        lines.append(Line(first + offset, raw))
    return lines, set(columns)


def _cell(row: Sequence[Cell], position: int) -> Cell:
    return row[position] if position < len(row) else None


_YMD = re.compile(r"(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})\D?")


def birth_date_read(value: Cell) -> tuple[dt.date | None, str]:
    """A date of birth: as `parse_date` reads dates, and also before 1949 (which a
    register date cannot be, but a Party member's birth may)."""
    found, note = parse_date(value)
    if found is not None:
        return found, ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = clean_text(value)
    match = _YMD.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is not None:
        try:
            return dt.date(*(int(part) for part in match.groups())), ""
        except ValueError:
            pass
    return None, note or ""
