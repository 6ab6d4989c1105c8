from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """账号与权限: roles, areas, password policy, tokens, the audit log (审计日志)."""

    name = "shezu.accounts"
    label = "accounts"
    verbose_name = "账号 accounts"

    def ready(self) -> None:
        from shezu.accounts import signals  # noqa: F401 - login and lockout land in the audit log
