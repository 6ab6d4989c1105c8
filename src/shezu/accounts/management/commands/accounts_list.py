"""shezu accounts list: every account, one line each."""

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from shezu.accounts.areas import area_name
from shezu.accounts.models import Account, Role
from shezu.accounts.queries import accounts_list
from shezu.commands import ShezuCommand
from shezu.terminal import local_time

# Wide enough that no name is cut: a clerk's terminal scrolls, a file or pipe keeps it all.
WIDTH = 200


def accounts_render(accounts: list[Account]) -> str:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for title in ("用户名", "角色", "辖区", "辖区名称", "状态", "最近登录", "密码修改"):
        table.add_column(title, no_wrap=True)
    for account in accounts:
        user = account.user
        table.add_row(
            user.username,
            Role(account.role).label,
            account.area_code,
            area_name(account.area_code),
            "启用" if user.is_active else "停用",
            local_time(user.last_login),
            local_time(account.password_changed_at),
        )
    buffer = io.StringIO()
    Console(file=buffer, width=WIDTH, color_system=None, highlight=False, markup=False).print(table)
    return buffer.getvalue()


class Command(ShezuCommand):
    help = "列出账号：角色、辖区、状态、最近登录 (list the accounts)"

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = list(accounts_list())
        if accounts:
            self.stdout.write(accounts_render(accounts), ending="")
            self.stdout.write(f"共 {len(accounts):,} 个账号 (accounts)")
        else:
            self.stdout.write("没有账号；可用 shezu accounts add 新建 (no accounts)")
        self.database_line()
