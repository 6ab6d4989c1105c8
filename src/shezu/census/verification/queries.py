"""Reads for field verification: why an organization needs a visit, and the open tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shezu.census.labels import FIELD_LABELS
from shezu.census.models import Organization, VerificationTask
from shezu.census.normalise.divisions import county_by_code

MISSING_PREFIX = "缺少："


FLAG_REASONS = {
    "weak_link": "关联证据较弱",
    "no_authority_record": "登记机关名单中没有此组织",
    "vanished": "部门最新名单已不再列出此组织",
}


def value_text(value: object) -> str:
    """A golden value as a person reads it: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(value_text(item) for item in value if item not in (None, ""))
    return str(value)


def _departments_of(provenance: dict[str, Any], name: str, value: object) -> str:
    """The departments whose records gave this value for the field, as 民政/税务."""
    shown = value_text(value)
    departments = [
        str(source.get("department") or "")
        for source in provenance.get(name) or []
        if isinstance(source, dict) and value_text(source.get("value")) == shown
    ]
    return "/".join(dict.fromkeys(d for d in departments if d))


def _conflict_departments(item: dict[str, Any]) -> str:
    """Departments of a conflict value: golden.py cites sources as ``民政 民政.xlsx:12``."""
    sources = item.get("sources") or item.get("departments") or item.get("department") or []
    if isinstance(sources, str):
        sources = [sources]
    departments = (str(source).split(" ", 1)[0] for source in sources)
    return "/".join(dict.fromkeys(d for d in departments if d))


def _conflict_value(name: str, value: object) -> str:
    if name == "county_code" and isinstance(value, str):
        return county_name(value)
    return value_text(value).replace(",", "、") or "（空）"


def _conflict_reason(conflict: dict[str, Any], provenance: dict[str, Any]) -> str:
    """``电话不一致（民政 0871-65123456；税务 13888888888）``."""
    name = str(conflict.get("field", ""))
    parts = []
    for item in conflict.get("values") or []:
        if isinstance(item, dict):
            value = item.get("value")
            department = _conflict_departments(item) or _departments_of(provenance, name, value)
        else:
            value, department = item, _departments_of(provenance, name, item)
        shown = _conflict_value(name, value)
        parts.append(f"{department} {shown}" if department else shown)
    reason = str(conflict.get("reason") or "").strip() or f"{FIELD_LABELS.get(name, name)}不一致"
    return f"{reason}（{'；'.join(parts)}）" if parts else reason


def organization_reasons(organization: Organization) -> list[str]:
    """Why a field team should check this organization, in Chinese; empty: nothing to check.

    From the linkage's flags: each conflict with the departments' values, the missing
    fields (those the golden record still lacks), a weak link, no registering department.
    """
    flags = list(organization.flags or [])
    conflicts = [c for c in organization.conflicts or [] if isinstance(c, dict)]
    fields = organization.fields or {}
    reasons = [_conflict_reason(c, organization.provenance or {}) for c in conflicts]
    if "conflict" in flags and not conflicts:
        reasons.append("各部门登记信息不一致")
    missing = [name for name in organization.missing or [] if value_text(fields.get(name)) == ""]
    if missing:
        reasons.append(MISSING_PREFIX + "、".join(FIELD_LABELS.get(name, name) for name in missing))
    elif "missing" in flags and not organization.missing:
        reasons.append("缺少必填信息")
    for flag in flags:
        if flag in FLAG_REASONS:
            reasons.append(FLAG_REASONS[flag])
        elif flag not in {"conflict", "missing"}:
            reasons.append(f"需核实：{flag}")
    return list(dict.fromkeys(reasons))


def tasks_open() -> Iterator[VerificationTask]:
    """Open tasks with their organizations, in the register's order."""
    return (
        VerificationTask.objects.filter(open=True)
        .select_related("organization")
        .order_by("county_code", "organization__org_id")
        .iterator(chunk_size=2000)
    )


def county_name(code: str) -> str:
    county = county_by_code(code) if code else None
    return county.name if county else code
