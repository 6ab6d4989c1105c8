"""shezu census mapping FILE: print the mapping guessed from the headers, as YAML to correct."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.census.intake.mapping import mapping_dump, mapping_guess
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "根据表头猜测字段映射并以 YAML 输出 (guess a mapping from the file's headers)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="部门名单：xlsx、xls 或 CSV")
        parser.add_argument("--department", help="写入映射的部门")
        parser.add_argument("--sheet", help="工作表名称 (xlsx/xls)")

    def handle(self, *args: Any, **options: Any) -> None:
        mapping = mapping_guess(
            options["file"], department=options["department"], sheet=options["sheet"]
        )
        self.stdout.write(mapping_dump(mapping), ending="")
