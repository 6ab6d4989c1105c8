"""shezu assign bodies [--kind KIND]: the responsible bodies (责任主体), one line each."""

import argparse
import io
from typing import Any

from django.core.management.base import CommandParser
from rich import box
from rich.console import Console
from rich.table import Table

from shezu.affiliation.models import BodyKind, ResponsibleBody
from shezu.affiliation.queries import bodies_list
from shezu.commands import ShezuCommand

# Wide enough that no name is cut: a clerk's terminal scrolls, a file or pipe keeps it all.
WIDTH = 200


def body_kind(text: str) -> str:
    """A BodyKind value from its English value or its Chinese label."""
    for kind in BodyKind:
        if text.strip() in (kind.value, kind.label):
            return kind.value
    raise argparse.ArgumentTypeError(
        f"类型应为 {'、'.join(BodyKind.values)} 之一，而不是「{text}」 (unknown kind)"
    )


def bodies_render(bodies: list[ResponsibleBody]) -> str:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for title in ("编号", "名称", "类型", "上级编号", "管辖区划"):
        table.add_column(title, no_wrap=True)
    table.add_column("单位数", justify="right", no_wrap=True)
    for body in bodies:
        table.add_row(
            body.code,
            body.name if body.active else f"{body.name}（停用）",
            body.get_kind_display(),
            body.parent.code if body.parent else "",
            body.area_code,
            f"{len(body.units or []):,}",
        )
    buffer = io.StringIO()
    Console(file=buffer, width=WIDTH, color_system=None, highlight=False, markup=False).print(table)
    return buffer.getvalue()


class Command(ShezuCommand):
    help = "列出责任主体 (list the responsible bodies)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind",
            type=body_kind,
            metavar="KIND",
            help=f"只列出一种类型：{'、'.join(BodyKind.values)} 或其中文名称",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bodies = list(bodies_list(options["kind"]))
        if bodies:
            self.stdout.write(bodies_render(bodies), ending="")
            self.stdout.write(f"共 {len(bodies):,} 个责任主体 (bodies)")
        else:
            self.stdout.write(
                "没有责任主体；默认名录可用 shezu assign bodies-seed 写入 (no bodies)"
            )
        self.database_line()
