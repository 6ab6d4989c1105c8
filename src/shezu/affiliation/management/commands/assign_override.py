"""shezu assign override ORG ATTRIBUTE VALUE --reason R | ORG ATTRIBUTE --clear."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.affiliation import vocabulary as v
from shezu.affiliation.errors import AffiliationError
from shezu.affiliation.services import override_clear, override_set
from shezu.commands import ShezuCommand

ATTRIBUTES = "、".join(f"{label} {name}" for name, label in v.ATTRIBUTE_LABELS.items())


class Command(ShezuCommand):
    help = "人工更正一个组织的分类，写明理由；下次分配起生效 (override a classification)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", metavar="ORG", help="组织编号")
        parser.add_argument("attribute", metavar="ATTRIBUTE", help=f"分类项：{ATTRIBUTES}")
        parser.add_argument("value", nargs="?", default=None, metavar="VALUE", help="更正后的取值")
        parser.add_argument("--reason", default="", help="理由（必填）")
        parser.add_argument("--clear", action="store_true", help="撤销这项人工更正")
        parser.add_argument("--by", default="", help="更正人")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            removed = override_clear(options["org"], options["attribute"])
            self.stdout.write("已撤销人工更正" if removed else "没有这项人工更正，未做更改")
            return
        if options["value"] is None:
            raise AffiliationError("请给出更正后的取值 VALUE，或用 --clear 撤销")
        org_id = override_set(
            options["org"],
            options["attribute"],
            options["value"],
            reason=options["reason"],
            by=options["by"],
        )
        self.stdout.write(
            f"{org_id} 的{options['attribute']}已更正为「{options['value']}」；"
            "下次 shezu assign run 起生效"
        )
