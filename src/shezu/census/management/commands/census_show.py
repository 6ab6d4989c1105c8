"""shezu census show ORG [--json]: one organization of the register, all it holds.

ORG is a stable id (KM0000123), a credit or organization code, a name (as written,
another way, a former name, the core name) or the name's pinyin initials.
"""

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from shezu.census.register.queries import organization_detail, organizations_search
from shezu.census.register.reporting import (
    organization_json,
    organization_render,
    search_list_json,
    search_list_render,
    search_missed,
)
from shezu.commands import ShezuCommand, positive


class Command(ShezuCommand):
    help = "查看台账中的一个组织 (show one organization of the register)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "org", nargs="+", help="组织编号、统一社会信用代码、组织机构代码、名称或拼音首字母"
        )
        parser.add_argument("--limit", type=positive, default=20, help="同时匹配多个时最多列出几个")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        search = organizations_search(" ".join(options["org"]), limit=options["limit"])
        if not search.total:
            raise CommandError(search_missed(search))
        if search.total > 1:
            if options["json"]:
                self.stdout.write(json.dumps(search_list_json(search), ensure_ascii=False))
            else:
                self.stdout.write(search_list_render(search), ending="")
            return
        detail = organization_detail(org_id=search.organizations[0].org_id)
        if options["json"]:
            self.stdout.write(json.dumps(organization_json(detail, search), ensure_ascii=False))
        else:
            self.stdout.write(organization_render(detail, search), ending="")
