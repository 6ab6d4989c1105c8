"""How review items and register changes read in a terminal, and as JSON."""

import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from rich.table import Table
from rich.text import Text

from shezu.census.labels import field_label
from shezu.census.models import ReviewItem, SourceRecord
from shezu.census.models.register import ReviewStatus
from shezu.census.review.queries import NO_ORGANIZATION, review_sides
from shezu.terminal import console, line, local_time

DIFFERS = "≠"
# Rows whose values differ for every pair by nature: no difference mark.
_UNMARKED = frozenset({"文件:行"})
NEXT_RUN = "将在下次 shezu census link 时生效 (applied by the next census link run)"


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
    out = console(buffer)
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
        out.print(table)
    pending, match, distinct = (counts.get(s, 0) for s in ReviewStatus.values)
    line(
        out,
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
    out = console(buffer)
    line(
        out,
        f"审核项 #{item.pk} · 概率 {item.probability:.3f} · 原因 {item.reason or '—'} · "
        f"状态 {_status_label(item.status)}",
    )
    if item.decided_at:
        line(
            out,
            f"判定于 {local_time(item.decided_at)} · 审核人 {item.decided_by or '—'} · "
            f"备注 {item.note or '—'}",
        )
    sides = Table(title="两条来源记录 the two source records")
    sides.add_column("字段")
    sides.add_column(f"记录A #{item.record_a_id}")
    sides.add_column("", justify="center")
    sides.add_column(f"记录B #{item.record_b_id}")
    for label, a, b in review_sides(item):
        sides.add_row(label, Text(a), DIFFERS if _differs(label, a, b) else "", Text(b))
    out.print(sides)
    evidence = _evidence_rows(item)
    if evidence:
        table = Table(title="比对依据 evidence")
        table.add_column("字段")
        table.add_column("比较结果")
        table.add_column("权重 (log2 贝叶斯因子)", justify="right")
        for name, level, weight in evidence:
            shown = "" if weight is None else f"{weight:+.2f}"
            table.add_row(Text(field_label(name)), Text(level), shown)
        out.print(table)
    else:
        line(out, "无逐字段比对依据 (no field evidence recorded)")
    line(out, f"判定 decide: shezu census review decide {item.pk} 相同|不同 (match|distinct)")
    return buffer.getvalue()


def review_decided_render(item: ReviewItem, *, previous: str) -> str:
    line = f"审核项 #{item.pk} 已判定为「{_status_label(item.status)}」({item.status})；{NEXT_RUN}"
    if previous != ReviewStatus.PENDING:
        line += (
            f"\n原判定「{_status_label(previous)}」已被覆盖 "
            f"(the earlier decision {previous} was overwritten)"
        )
    return line + "\n"
