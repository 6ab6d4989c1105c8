"""shezu census import FILE --department D --as-of YYYY-MM-DD [--mapping M.yaml] [--json]"""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.errors import IntakeError
from shezu.census.intake.mapping import mapping_load
from shezu.census.intake.reporting import summary_print
from shezu.census.intake.services import batch_import


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of 应为 YYYY-MM-DD 格式的日期，而不是「{text}」") from None


class Command(BaseCommand):
    help = "导入一个部门的社会组织名单 (import one department file into the census)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--department", help="民政 | 司法 | 财政 | 税务 | 工商 | 备案")
        parser.add_argument("--as-of", required=True, type=iso_date, help="数据截止日期 YYYY-MM-DD")
        parser.add_argument("--mapping", type=Path, help="字段映射 YAML")
        parser.add_argument(
            "--json", action="store_true", help="print the summary as one JSON object"
        )

    def progress_writer(self, verbosity: int) -> Callable[[int], None] | None:
        if verbosity < 2:
            return None
        return lambda rows: self.stderr.write(f"rows {rows}")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            mapping = mapping_load(options["mapping"]) if options["mapping"] else None
            department = options["department"] or (mapping.department if mapping else None)
            if not department:
                raise CommandError("需要 --department（或在映射文件中写 department:）")
            summary = batch_import(
                path=options["file"],
                department=department,
                as_of=options["as_of"],
                mapping=mapping,
                on_rows=self.progress_writer(options["verbosity"]),
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False, default=str))
        else:
            summary_print(summary, self.stdout)
