"""shezu accounts token USERNAME: a new API token, printed once as the last line."""

from typing import Any

from django.core.management.base import CommandParser

from shezu.accounts.audit import cli_username
from shezu.accounts.services import account_token_create
from shezu.commands import ShezuCommand


class Command(ShezuCommand):
    help = "为账号发放一个新的接口令牌，只显示这一次 (create an API token)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", metavar="USERNAME", help="用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        key = account_token_create(username=options["username"], by=cli_username())
        self.stdout.write(
            f"已为 {options['username'].strip()} 发放接口令牌；只显示这一次，请妥善保存："
        )
        # The database line comes before the token so that a script may take the last line.
        self.database_line()
        self.stdout.write(key)
