"""How a golden record's conflicts (冲突) and values read to people, the same in the ledger
(台账) and in field-verification workbooks: ``电话不一致（民政 0871-65123456；税务 13888888888）``.

Pure Python, no Django: it reads the JSON a golden record stores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shezu.census.labels import field_label
from shezu.census.normalise.divisions import county_by_code

__all__ = ["conflict_text", "county_name", "value_text"]


def value_text(value: object) -> str:
    """A golden value as a person reads it: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(value_text(item) for item in value if item not in (None, ""))
    return str(value)


def county_name(code: str) -> str:
    """The county's name; an unknown code is shown as written rather than dropped."""
    county = county_by_code(code) if code else None
    return county.name if county else code


def conflict_text(conflict: Mapping[str, Any], provenance: Mapping[str, Any]) -> str:
    """``电话不一致（民政 0871-65123456；税务 13888888888）``: the reason, then each value with
    the departments that gave it, most trusted first."""
    name = str(conflict.get("field", ""))
    parts = []
    for item in conflict.get("values") or []:
        if isinstance(item, dict):
            value = item.get("value")
            department = _conflict_departments(item) or _departments_of(provenance, name, value)
        else:
            value, department = item, _departments_of(provenance, name, item)
        shown = _shown(name, value)
        parts.append(f"{department} {shown}" if department else shown)
    reason = str(conflict.get("reason") or "").strip() or f"{field_label(name)}不一致"
    return f"{reason}（{'；'.join(parts)}）" if parts else reason


def _departments_of(provenance: Mapping[str, Any], name: str, value: object) -> str:
    """The departments whose records gave this value for the field, as 民政/税务."""
    shown = value_text(value)
    departments = [
        str(source.get("department") or "")
        for source in provenance.get(name) or []
        if isinstance(source, dict) and value_text(source.get("value")) == shown
    ]
    return "/".join(dict.fromkeys(d for d in departments if d))


def _conflict_departments(item: Mapping[str, Any]) -> str:
    """Departments of a conflict value: golden.py cites sources as ``民政 民政.xlsx:12``."""
    sources = item.get("sources") or item.get("departments") or item.get("department") or []
    if isinstance(sources, str):
        sources = [sources]
    departments = (str(source).split(" ", 1)[0] for source in sources)
    return "/".join(dict.fromkeys(d for d in departments if d))


def _shown(name: str, value: object) -> str:
    if name == "county_code" and isinstance(value, str):
        return county_name(value)
    return value_text(value).replace(",", "、") or "（空）"
