"""shezu assign facts-template OUT.xlsx [--area CODE]: the classification workbooks
(分类补充信息表) for the counties to fill in founders, supervising units and fields."""

import io
from typing import Any

from django.core.management.base import CommandParser
from rich.table import Table

from shezu.affiliation.facts import facts_template
from shezu.commands import ShezuCommand, output_file
from shezu.terminal import console


class Command(ShezuCommand):
    help = "导出分类补充信息表，每个区县一个 (workbooks for founders, supervisors and fields)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "out",
            type=output_file,
            metavar="OUT.xlsx",
            help="输出文件；不加 --area 时按区县写成 OUT_<区县名>.xlsx 等",
        )
        parser.add_argument(
            "--area",
            metavar="CODE",
            help="只导出一个区划：530100 全市性组织、6位区县代码或9位乡镇街道代码，写入 OUT.xlsx",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        written = facts_template(options["out"], options["area"])
        if not written:
            self.stdout.write("没有需要补充分类信息的社会组织，未写出文件 (nothing to fill in)")
            self.database_line()
            return
        table = Table()
        table.add_column("文件 file")
        table.add_column("组织 organizations", justify="right")
        for path, rows in written:
            table.add_row(path.name, f"{rows:,}")
        table.add_row("合计 total", f"{sum(rows for _, rows in written):,}", end_section=True)
        buffer = io.StringIO()
        console(buffer).print(table)
        self.stdout.write(buffer.getvalue(), ending="")
        self.stdout.write(f"文件在 {written[0][0].parent}")
        self.database_line()
