"""shezu accounts add USERNAME --role ROLE --area CODE [--password-stdin]."""

import getpass
import sys
from typing import Any

from django.core.management.base import CommandParser

from shezu.accounts.areas import area_name
from shezu.accounts.audit import cli_username
from shezu.accounts.errors import AccountsError
from shezu.accounts.models import Account, Role
from shezu.accounts.services import ROLES_TEXT, account_create, account_role_area
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "新建账号：角色、辖区和初始密码 (add an account)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help="用户名")
        parser.add_argument("--role", required=True, metavar="ROLE", help=f"角色：{ROLES_TEXT}")
        parser.add_argument(
            "--area",
            required=True,
            metavar="CODE",
            help="辖区代码：530100 全市（管理员只能用它）、区县 6 位、乡镇街道 9 位、社区 12 位",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="从标准输入读一行作为密码（供脚本使用），不提示",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        account_role_area(role=options["role"], area_code=options["area"])
        password = _password_from_stdin() if options["password_stdin"] else _password_prompted()
        user = account_create(
            username=options["username"],
            role=options["role"],
            area_code=options["area"],
            password=password,
            by=cli_username(),
        )
        account = Account.objects.get(user=user)
        name = area_name(account.area_code)
        self.stdout.write(
            f"已新建账号 {user.username}：{Role(account.role).label}，"
            f"辖区 {account.area_code}{f' {name}' if name else ''}"
        )
        self.database_line()


def _password_from_stdin() -> str:
    # One line, its line ending dropped; nothing else is read so a script may pipe more.
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise AccountsError("标准输入中没有密码")
    return password


def _password_prompted() -> str:
    # getpass neither echoes nor keeps what was typed; the password is never printed.
    try:
        password = getpass.getpass("密码 password: ")
        again = getpass.getpass("再输入一次 again: ")
    except EOFError as error:
        raise AccountsError("没有输入密码；脚本中请用 --password-stdin") from error
    if password != again:
        raise AccountsError("两次输入的密码不一致")
    if not password:
        raise AccountsError("密码不能为空")
    return password
