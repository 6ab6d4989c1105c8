"""Reads for field verification: why an organization needs a visit, and the open tasks."""

from __future__ import annotations

from collections.abc import Iterator

from shezu.census.labels import FIELD_LABELS
from shezu.census.models import Organization, VerificationTask
from shezu.census.register.conflicts import conflict_text, value_text

MISSING_PREFIX = "缺少："


FLAG_REASONS = {
    "weak_link": "关联证据较弱",
    "no_authority_record": "登记机关名单中没有此组织",
    "vanished": "部门最新名单已不再列出此组织",
    "township_unresolved": "道路跨多个乡镇街道，门牌号无法判定所在乡镇街道",
}


def organization_reasons(organization: Organization) -> list[str]:
    """Why a field team should check this organization, in Chinese; empty: nothing to check.

    From the linkage's flags: each conflict with the departments' values, the missing
    fields (those the golden record still lacks), a weak link, no registering department.
    """
    flags = list(organization.flags or [])
    conflicts = [c for c in organization.conflicts or [] if isinstance(c, dict)]
    fields = organization.fields or {}
    reasons = [conflict_text(c, organization.provenance or {}) for c in conflicts]
    if "conflict" in flags and not conflicts:
        reasons.append("各部门登记信息不一致")
    missing = [name for name in organization.missing or [] if value_text(fields.get(name)) == ""]
    if missing:
        reasons.append(MISSING_PREFIX + "、".join(FIELD_LABELS.get(name, name) for name in missing))
    elif "missing" in flags and not organization.missing:
        reasons.append("缺少必填信息")
    for flag in flags:
        if flag == "township_unresolved" and fields.get("township_candidates"):
            candidates = value_text(fields["township_candidates"])
            reasons.append(f"{FLAG_REASONS[flag]}（{candidates}）")
        elif flag in FLAG_REASONS:
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
