"""How review items and register changes read in a terminal, and as JSON."""

import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from rich.console import Console
from rich.table import Table
from rich.text import Text

from shezu.census.models import OrganizationEvent, ReviewItem, SourceRecord
from shezu.census.models.register import EventKind, ReviewStatus
from shezu.census.normalise.divisions import county_by_code
from shezu.census.review.services import NO_ORGANIZATION, review_sides

WIDTH = 110
DIFFERS = "≠"
# Rows whose values differ for every pair by nature: no difference mark.
_UNMARKED = frozenset({"文件:行"})
# Field names as the linkage evidence and the event before/after dicts use them.
FIELD_LABELS = {
    "name": "名称",
    "name_core": "核心名称",
    "name_suffix": "组织形式",
    "name_region": "名称中的行政区划",
    "code_body": "组织机构代码主体",
    "phone": "电话",
    "former_name": "曾用名",
    "uscc": "统一社会信用代码",
    "org_code": "组织机构代码",
    "tax_id": "税务登记号",
    "business_reg_no": "工商注册号",
    "license_no": "执业许可证号",
    "category": "类型",
    "level": "级别",
    "registration_authority": "登记管理机关",
    "supervisor": "业务主管单位",
    "founder": "举办单位",
    "address": "地址",
    "county_code": "区县",
    "township": "乡镇街道",
    "community": "社区",
    "phones": "电话",
    "legal_rep": "法定代表人",
    "established_on": "成立日期",
    "status": "状态",
    "org_id": "组织编号",
    "merged_into": "并入",
}
NEXT_RUN = "将在下次 shezu census link 时生效 (applied by the next census link run)"


def _console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=WIDTH, color_system=None, highlight=False)


def _line(console: Console, text: str) -> None:
    console.print(text, markup=False, soft_wrap=True)


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _status_label(status: str) -> str:
    return ReviewStatus(status).label if status in ReviewStatus.values else status


def _record_json(record: SourceRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "name": record.name,
        "department": record.batch.department,
        "file": record.batch.file_name,
        "row": record.row_number,
    }


def review_item_json(item: ReviewItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "probability": item.probability,
        "reason": item.reason,
        "status": item.status,
        "note": item.note,
        "decided_by": item.decided_by,
        "decided_at": timezone.localtime(item.decided_at).isoformat() if item.decided_at else None,
        "record_a": _record_json(item.record_a),
        "record_b": _record_json(item.record_b),
    }


def review_list_render(items: Iterable[ReviewItem], counts: Mapping[str, int]) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    table = Table(title="人工审核 clerical review")
    table.add_column("编号", justify="right")
    table.add_column("概率", justify="right")
    table.add_column("原因")
    table.add_column("记录A 名称（部门）")
    table.add_column("记录B 名称（部门）")
    table.add_column("状态")
    shown = 0
    for item in items:
        shown += 1
        a, b = item.record_a, item.record_b
        table.add_row(
            str(item.pk),
            f"{item.probability:.3f}",
            Text(item.reason),
            Text(f"{a.name}（{a.batch.department}）"),
            Text(f"{b.name}（{b.batch.department}）"),
            _status_label(item.status),
        )
    if shown:
        console.print(table)
    pending, match, distinct = (counts.get(s, 0) for s in ReviewStatus.values)
    _line(
        console,
        f"显示 {shown} 项；共有待审核 {pending}，同一组织 {match}，不同组织 {distinct} "
        f"(shown {shown}; pending {pending}, match {match}, distinct {distinct})",
    )
    return buffer.getvalue()


def _evidence_rows(item: ReviewItem) -> list[tuple[str, str, float | None]]:
    """(field, level, weight) from the run's evidence, strongest evidence first."""
    fields = item.evidence.get("fields") if isinstance(item.evidence, dict) else None
    rows: list[tuple[str, str, float | None]] = []
    for name, comparison in (fields or {}).items():
        if not isinstance(comparison, dict):
            continue
        weight = comparison.get("weight")
        level = comparison.get("level")
        rows.append(
            (
                str(name),
                "" if level is None else str(level),
                float(weight) if isinstance(weight, int | float) else None,
            )
        )
    return sorted(rows, key=lambda row: -abs(row[2]) if row[2] is not None else 1.0)


def _differs(label: str, a: str, b: str) -> bool:
    """Both records say something and they say different things."""
    blank = {"", NO_ORGANIZATION}
    return label not in _UNMARKED and a not in blank and b not in blank and a != b


def review_show_json(item: ReviewItem) -> dict[str, Any]:
    return {
        **review_item_json(item),
        "sides": [
            {"label": label, "a": a, "b": b, "differs": _differs(label, a, b)}
            for label, a, b in review_sides(item)
        ],
        "evidence": [
            {"field": name, "level": level, "weight": weight}
            for name, level, weight in _evidence_rows(item)
        ],
    }


def review_show_render(item: ReviewItem) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    _line(
        console,
        f"审核项 #{item.pk} · 概率 {item.probability:.3f} · 原因 {item.reason or '—'} · "
        f"状态 {_status_label(item.status)}",
    )
    if item.decided_at:
        _line(
            console,
            f"判定于 {_local(item.decided_at)} · 审核人 {item.decided_by or '—'} · "
            f"备注 {item.note or '—'}",
        )
    sides = Table(title="两条来源记录 the two source records")
    sides.add_column("字段")
    sides.add_column(f"记录A #{item.record_a_id}")
    sides.add_column("", justify="center")
    sides.add_column(f"记录B #{item.record_b_id}")
    for label, a, b in review_sides(item):
        sides.add_row(label, Text(a), DIFFERS if _differs(label, a, b) else "", Text(b))
    console.print(sides)
    evidence = _evidence_rows(item)
    if evidence:
        table = Table(title="比对依据 evidence")
        table.add_column("字段")
        table.add_column("比较结果")
        table.add_column("权重 (log2 贝叶斯因子)", justify="right")
        for name, level, weight in evidence:
            shown = "" if weight is None else f"{weight:+.2f}"
            table.add_row(Text(FIELD_LABELS.get(name, name)), Text(level), shown)
        console.print(table)
    else:
        _line(console, "无逐字段比对依据 (no field evidence recorded)")
    _line(console, f"判定 decide: shezu census review decide {item.pk} match|distinct")
    return buffer.getvalue()


def review_decided_render(item: ReviewItem, *, previous: str) -> str:
    line = f"审核项 #{item.pk} 已判定为「{_status_label(item.status)}」({item.status})；{NEXT_RUN}"
    if previous != ReviewStatus.PENDING:
        line += (
            f"\n原判定「{_status_label(previous)}」已被覆盖 "
            f"(the earlier decision {previous} was overwritten)"
        )
    return line + "\n"


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "county_code" and isinstance(value, str):
        county = county_by_code(value)
        return f"{value} {county.name}" if county else value
    return str(value)


def change_text(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """`名称: 旧 → 新；地址: …` for the fields an event changed."""
    parts = []
    # A fixed order: PostgreSQL's jsonb does not keep the keys' order; place before street.
    order = ["name", "status", "status_date", "county_code", "township", *FIELD_LABELS]
    fields = sorted(
        {*before, *after}, key=lambda f: (order.index(f) if f in order else len(order), f)
    )
    for field in fields:
        label = FIELD_LABELS.get(field, field)
        if field not in before:
            parts.append(f"{label}: {_value(field, after[field])}")
        else:
            old, new = _value(field, before[field]), _value(field, after.get(field))
            parts.append(f"{label}: {old} → {new}")
    return "；".join(parts) or "—"


def changes_json(groups: Mapping[str, list[OrganizationEvent]]) -> dict[str, list[dict[str, Any]]]:
    return {
        kind: [
            {
                "org_id": event.organization.org_id,
                "name": event.organization.name,
                "before": event.before,
                "after": event.after,
                "happened_at": timezone.localtime(event.happened_at).isoformat(),
            }
            for event in events
        ]
        for kind, events in groups.items()
    }


def changes_render(groups: Mapping[str, list[OrganizationEvent]], *, since: Any) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    _line(console, f"自 {since} 起的变动 (register changes since {since})")
    for kind, events in groups.items():
        if not events:
            continue
        table = Table(title=f"{EventKind(kind).label} {kind} · {len(events)}")
        table.add_column("组织编号")
        table.add_column("名称")
        table.add_column("变化")
        table.add_column("时间")
        for event in events:
            table.add_row(
                event.organization.org_id,
                Text(event.organization.name),
                Text(change_text(event.before, event.after)),
                _local(event.happened_at),
            )
        console.print(table)
    counts = "，".join(f"{EventKind(kind).label} {len(events)}" for kind, events in groups.items())
    total = sum(len(events) for events in groups.values())
    _line(console, f"{counts}（共 {total}）" if total else f"{counts}；无变动 (no changes)")
    return buffer.getvalue()
