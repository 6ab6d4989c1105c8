"""shezu census tasks OUTDIR: open verification tasks and write one workbook per field team."""

import io
from typing import Any

from django.core.management.base import CommandParser
from rich.table import Table

from shezu.census.verification.services import tasks_build
from shezu.census.verification.workbooks import tasks_export
from shezu.commands import ShezuCommand, output_folder
from shezu.terminal import console


class Command(ShezuCommand):
    help = "生成核实任务并按区县、行业导出 (build verification tasks, one xlsx per field team)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "outdir", type=output_folder, metavar="OUTDIR", help="输出目录 (created if missing)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        opened = tasks_build()
        written = tasks_export(options["outdir"])
        table = Table()
        table.add_column("文件 file")
        table.add_column("任务 tasks", justify="right")
        for path, count in written:
            table.add_row(path.name, f"{count:,}")
        table.add_row("合计 total", f"{sum(count for _, count in written):,}", end_section=True)
        buffer = io.StringIO()
        console(buffer).print(table)
        self.stdout.write(buffer.getvalue(), ending="")
        self.stdout.write(f"本次新建任务 {opened:,} 项 (tasks opened)；文件在 {options['outdir']}")
        self.database_line()
