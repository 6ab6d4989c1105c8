"""shezu census import FILE --department D --as-of DATE [--mapping M.yaml] [--json]"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from shezu.census.intake.mapping import mapping_load
from shezu.census.intake.reporting import summary_print
from shezu.census.intake.services import batch_import
from shezu.commands import DATE_FORMS, ShezuCommand, full_date


class Command(ShezuCommand):
    help = "导入一个部门的社会组织名单 (import one department file into the census)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="部门名单：xlsx、xls 或 CSV")
        parser.add_argument(
            "--department",
            help="民政 | 司法 | 财政 | 税务 | 工商 | 备案（映射文件写了 department: 时可省略）",
        )
        parser.add_argument(
            "--as-of",
            required=True,
            type=full_date,
            metavar="DATE",
            help=f"数据截止日期 (the list's date)，如 {DATE_FORMS}",
        )
        parser.add_argument(
            "--mapping", type=Path, metavar="MAPPING.yaml", help="字段映射 (shezu census mapping)"
        )
        parser.add_argument(
            "--json", action="store_true", help="以一个 JSON 对象输出摘要 (the summary as JSON)"
        )

    def progress_writer(self, verbosity: int) -> Callable[[int], None] | None:
        if verbosity < 2:
            return None
        return lambda rows: self.stderr.write(f"rows {rows}")

    def handle(self, *args: Any, **options: Any) -> None:
        mapping = mapping_load(options["mapping"]) if options["mapping"] else None
        department = options["department"] or (mapping.department if mapping else None)
        if not department:
            raise CommandError(
                "需要 --department（或在映射文件中写 department:） (which department's list?)"
            )
        summary = batch_import(
            path=options["file"],
            department=department,
            as_of=options["as_of"],
            mapping=mapping,
            on_rows=self.progress_writer(options["verbosity"]),
        )
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False, default=str))
        else:
            summary_print(summary, self.stdout)
            self.database_line()
