"""shezu census mapping FILE: print the mapping guessed from the headers, as YAML to correct."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shezu.census.errors import IntakeError
from shezu.census.intake.mapping import mapping_dump, mapping_guess


class Command(BaseCommand):
    help = "根据表头猜测字段映射并以 YAML 输出 (guess a mapping from the file's headers)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--department", help="写入映射的部门")
        parser.add_argument("--sheet", help="工作表名称 (xlsx/xls)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            mapping = mapping_guess(
                options["file"], department=options["department"], sheet=options["sheet"]
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(mapping_dump(mapping), ending="")
