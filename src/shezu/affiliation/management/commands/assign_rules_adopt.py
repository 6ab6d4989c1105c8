"""shezu assign rules-adopt FILE: adopt a previewed rule version from its effective date."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation.services import rules_adopt
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "采用已预演的规则版本，自其生效日起适用 (adopt a previewed rule version)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="已预演的规则文件（YAML）")
        parser.add_argument("--by", default="", help="采用人")

    def handle(self, *args: Any, **options: Any) -> None:
        version = rules_adopt(options["file"], by=options["by"])
        self.stdout.write(
            f"规则版本 {version.version} 已采用，自 {version.effective_from.isoformat()} 起适用；"
            "运行 shezu assign run 重新分配"
        )
        self.database_line()
