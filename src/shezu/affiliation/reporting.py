"""How an assignment run and one organization's responsibility read in a terminal."""

from __future__ import annotations

import io

from rich.table import Table

from shezu.affiliation import vocabulary as v
from shezu.affiliation.queries import Explanation
from shezu.affiliation.rules import RuleTable
from shezu.affiliation.services import RunSummary
from shezu.census.api import county_by_code
from shezu.terminal import console, line

TOP_BODIES = 15


def run_render(summary: RunSummary) -> str:
    buffer = io.StringIO()
    out = console(buffer)
    what = "预演（未写入）" if summary.dry_run else "责任分配"
    line(
        out,
        f"{what} · 截至 {summary.as_of.isoformat()} · 规则版本 {summary.rule_version} · "
        f"{summary.organizations:,} 个组织，其中在册 {summary.in_scope:,} 个 · "
        f"{summary.seconds:.1f} s",
    )
    if summary.seeded_bodies:
        line(out, f"责任主体名录为空，已载入昆明默认名录 {summary.seeded_bodies:,} 个责任主体")
    modes = Table(title="按责任方式 by mode")
    modes.add_column("责任方式")
    modes.add_column("组织数", justify="right")
    for label in v.MODE_LABELS.values():
        modes.add_row(label, f"{summary.by_mode.get(label, 0):,}")
    out.print(modes)
    counties = Table(title="按责任主体所在区县 by county")
    counties.add_column("区县 / 管理区")
    counties.add_column("组织数", justify="right")
    for name, count in sorted(summary.by_county.items(), key=lambda item: (-item[1], item[0])):
        counties.add_row(name, f"{count:,}")
    out.print(counties)
    bodies = Table(title=f"组织最多的 {TOP_BODIES} 个责任主体 by body")
    bodies.add_column("责任主体")
    bodies.add_column("组织数", justify="right")
    for name, count in summary.by_body.most_common(TOP_BODIES):
        bodies.add_row(name, f"{count:,}")
    out.print(bodies)
    line(out, f"共 {len(summary.by_body):,} 个责任主体有组织；待跟进 {summary.follow_up:,} 个组织")
    changed = "将变更" if summary.dry_run else "变更"
    line(
        out, f"{changed} {summary.changed:,} 个组织的责任归属；离开台账而结束 {summary.closed:,} 个"
    )
    for reason, count in summary.by_reason.most_common():
        line(out, f"  {reason}：{count:,}")
    if summary.changes and (summary.dry_run or summary.changed < summary.organizations):
        listed = Table(title=f"变更示例（前 {len(summary.changes)} 个）")
        for title in ("组织编号", "名称", "原责任主体", "新责任主体", "原因"):
            listed.add_column(title)
        for change in summary.changes:
            listed.add_row(
                change.org_id, change.name, change.before or "—", change.after, change.reason
            )
        out.print(listed)
    return buffer.getvalue()


def preview_render(table: RuleTable, summary: RunSummary) -> str:
    head = (
        f"规则版本 {table.version}「{table.title}」，{table.effective_from.isoformat()} 起生效，"
        f"{len(table.rules)} 条规则；按 {summary.as_of.isoformat()} 预演，与现行责任归属比较：\n"
    )
    tail = "预演未写入任何责任归属。确认后运行 shezu assign rules-adopt 同一文件。\n"
    return head + run_render(summary) + tail


_ATTRIBUTE_ORDER = (
    "legal_form",
    "field",
    "level",
    "origin",
    "founder",
    "founder_kind",
    "supervisor",
)


def explanation_render(found: Explanation) -> str:
    buffer = io.StringIO()
    out = console(buffer)
    record, result = found.record, found.classification
    county = county_by_code(record.county_code) if record.county_code else None
    line(out, f"{record.org_id} {record.name}")
    place = " ".join(
        part for part in (county.name if county else "", record.zone, record.township) if part
    )
    line(out, f"所在地：{place or '未知'}；地址：{record.address or '未知'}")
    authority = record.registration_authority or "未知"
    line(out, f"登记管理机关：{authority}；登记类型：{record.category or '未知'}")
    scope = "在册" if found.in_scope else f"不在册（{found.scope_reason}）"
    line(out, f"截至 {found.on.isoformat()}：{scope}")
    facts = Table(title="分类与依据")
    facts.add_column("项目")
    facts.add_column("取值")
    facts.add_column("依据")
    for name in _ATTRIBUTE_ORDER:
        facts.add_row(
            v.ATTRIBUTE_LABELS[name],
            result.value(name) or "未判定",
            result.evidence.get(name, ""),
        )
    out.print(facts)
    line(out, f"规则版本 {found.table.version}「{found.table.title}」，按顺序逐条判断：")
    for number, attempt in enumerate(found.decision.attempts, start=1):
        verdict = "✔ 适用，由此确定" if not attempt.outcome else f"✘ {attempt.outcome}"
        line(out, f"  {number}. {attempt.title}〔{attempt.rule}〕 {verdict}")
    decision = found.decision
    line(
        out,
        f"结论：{v.MODE_LABELS[decision.mode]}，由「{decision.body.name}」（{decision.body.code}）负责",
    )
    for note in decision.follow_up:
        line(out, f"待跟进：{note}")
    if found.history:
        history = Table(title="责任归属历史")
        for title in ("起", "止", "责任主体", "方式", "规则", "在册", "原因"):
            history.add_column(title)
        for stretch in found.history:
            history.add_row(
                stretch.valid_from.isoformat(),
                stretch.valid_to.isoformat() if stretch.valid_to else "至今",
                stretch.body.name,
                v.MODE_LABELS.get(stretch.mode, stretch.mode),
                stretch.rule,
                "是" if stretch.in_scope else "否",
                stretch.reason,
            )
        out.print(history)
    else:
        line(out, "尚无责任归属记录：运行 shezu assign run 后写入")
    return buffer.getvalue()
