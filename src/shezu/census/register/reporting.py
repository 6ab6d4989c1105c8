"""How a link run reads in a terminal."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from shezu.census.models import LinkRun

_ROWS = (
    ("records", "来源记录 records"),
    ("organizations", "组织 organizations"),
    ("deterministic_links", "确定性关联 deterministic links"),
    ("probabilistic_links", "概率关联 probabilistic links"),
    ("reviewer_links", "人工判定关联 reviewer links"),
    ("review_items", "待审核 review items"),
    ("refused_links", "拒绝的关联 refused links"),
    ("conflicts", "有冲突的组织 organizations with conflicts"),
    ("flagged", "需核实的组织 organizations to verify"),
    ("new", "新增组织 new organizations"),
)


def run_render(run: LinkRun) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None)
    table = Table(title=f"关联运行 #{run.pk} · {run.engine} · {run.seconds:.1f} s")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    for key, label in _ROWS:
        if key in run.summary:
            table.add_row(label, f"{run.summary[key]:,}")
    console.print(table)
    summary = run.summary
    if summary.get("labelled_pairs"):
        share = summary["labelled_pairs_model_linked"] / summary["labelled_pairs"]
        console.print(
            f"模型自检：跨部门统一社会信用代码相同的 {summary['labelled_pairs']:,} 对记录中，"
            f"模型单独即关联 {share:.1%} (model check on credit-code labelled pairs)"
        )
    if run.model.get("parameters") == "bundled":
        console.print(
            "记录太少，无法从数据中训练模型，已使用内置参数（在演示数据上训练） "
            "(too few records to train on: bundled parameters used)"
        )
    stages = summary.get("stage_seconds") or {}
    if stages:
        console.print(
            "各阶段耗时 seconds per stage: "
            + "，".join(f"{name} {seconds:.1f}" for name, seconds in stages.items())
        )
    settings = run.settings
    console.print(
        f"阈值：≥ {settings['match_probability']} 自动关联，"
        f"{settings['review_probability']} – {settings['match_probability']} 进入人工审核；"
        f"同一文件两条记录需 ≥ {settings['same_file_probability']}"
    )
    return buffer.getvalue()
