"""How an import summary reads in a terminal."""

import io
from typing import Protocol

from rich.table import Table

from shezu.census.intake.rows import sheet_row
from shezu.census.intake.services import ImportSummary
from shezu.census.labels import field_label
from shezu.terminal import console

SHOWN_REJECTIONS = 20


class Writer(Protocol):
    def write(self, msg: str = "", style_func: None = None, ending: str | None = None) -> None: ...


def reasons_text(reasons: list[tuple[str, str]]) -> str:
    """A rejected row's reasons, each after its field's label: 「名称: 缺少名称…」."""
    return "；".join(f"{field_label(name)}: {message}" for name, message in reasons)


def summary_render(summary: ImportSummary) -> str:
    buffer = io.StringIO()
    out = console(buffer)
    if summary.duplicate_file:
        out.print(
            f"{summary.file}: 此文件已导入过（批次 #{summary.batch_id}），未做任何更改 "
            "(same file already imported; nothing changed)"
        )
        return buffer.getvalue()
    table = Table(title=f"{summary.department} · {summary.file} → 批次 #{summary.batch_id}")
    for label in ("读取行 read", "接收 accepted", "退回 rejected", "跳过 skipped"):
        table.add_column(label, justify="right")
    table.add_row(
        *(
            f"{n:,}"
            for n in (summary.rows_read, summary.accepted, summary.rejected, summary.skipped)
        )
    )
    out.print(table)
    where = f"工作表「{summary.sheet}」" if summary.sheet else f"编码 {summary.encoding}"
    out.print(
        f"{where}，表头在第 {summary.header_row} 行；"
        f"未映射、原样保留的列：{'、'.join(summary.unmapped_headers) or '无'}"
    )
    if summary.warnings:
        out.print(
            "提示 warnings by field: "
            + "，".join(
                f"{field_label(name)} {count:,}" for name, count in summary.warnings.items()
            )
        )
    for rejection in summary.rejections[:SHOWN_REJECTIONS]:
        row = sheet_row(header_row=summary.header_row, row_number=rejection.row)
        out.print(f"  退回 第{row}行 — {reasons_text(rejection.reasons)}")
    if summary.rejected > SHOWN_REJECTIONS:
        out.print(
            f"  … 共 {summary.rejected:,} 行退回；"
            f"导出：shezu census rejects {summary.batch_id} 退回.xlsx"
        )
    return buffer.getvalue()


def summary_print(summary: ImportSummary, out: Writer) -> None:
    out.write(summary_render(summary), ending="")


def summaries_render(summaries: list[ImportSummary]) -> str:
    """One line per file of a bundle, for the demo and for monthly bundles."""
    buffer = io.StringIO()
    out = console(buffer)
    table = Table(title="摸底导入 census intake")
    table.add_column("部门")
    table.add_column("文件")
    for label in ("批次", "读取", "接收", "退回", "跳过", "提示"):
        table.add_column(label, justify="right")
    for s in summaries:
        batch = "已导入过" if s.duplicate_file else f"#{s.batch_id}"
        counts = (s.rows_read, s.accepted, s.rejected, s.skipped, sum(s.warnings.values()))
        table.add_row(s.department, s.file, batch, *(f"{n:,}" for n in counts))
    out.print(table)
    return buffer.getvalue()
