"""shezu assign bodies-seed: write Kunming's default responsible bodies that are missing."""

from typing import Any

from shezu.affiliation.bodies import bodies_seed
from shezu.affiliation.seed import kunming_bodies
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "写入昆明市默认责任主体名录中缺少的部分 (add the missing Kunming default bodies)"

    def handle(self, *args: Any, **options: Any) -> None:
        added = bodies_seed()
        self.stdout.write(
            f"新增责任主体 {added:,} 个；默认名录共 {len(kunming_bodies()):,} 个 (bodies added)"
        )
        self.database_line()
