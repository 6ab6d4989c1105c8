"""shezu accounts unlock USERNAME: lift a lockout after five failed logins."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.accounts.audit import cli_username
from shezu.accounts.services import account_unlock
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "解除账号因连续登录失败而被锁定的状态 (unlock an account)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help="用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        cleared = account_unlock(username=username, by=cli_username())
        if cleared:
            self.stdout.write(f"已解除 {username} 的锁定，登录失败次数已清零")
        else:
            self.stdout.write(f"{username} 没有登录失败记录，无需解除")
        self.database_line()
