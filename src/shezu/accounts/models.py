"""Who may use shezu, for which area, and what they did (账号、辖区、审计).

A user is Django's `auth.User` with one `Account`: a role and an area (辖区, a division
code). The three administrators (三员分立) see no business data: the system administrator
manages accounts, the security administrator sets policy, the audit administrator alone
reads the audit log. The audit log is append-only from the application.
"""

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    CITY = "city", "市级工作人员"
    COUNTY = "county", "县级工作人员"
    TOWNSHIP = "township", "乡镇（街道）工作人员"
    SUPERVISOR = "supervisor", "业务主管单位工作人员"
    SECRETARY = "secretary", "党组织书记"
    INSPECTOR = "inspector", "检查人员（只读）"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


# Roles that see business data (organizations, people); the administrators do not.
BUSINESS_ROLES = frozenset(
    {Role.CITY, Role.COUNTY, Role.TOWNSHIP, Role.SUPERVISOR, Role.SECRETARY, Role.INSPECTOR}
)
# Roles that may change business data (decide a review, import, override); inspectors read.
WRITING_ROLES = BUSINESS_ROLES - {Role.INSPECTOR}
# Roles that keep members' records and so may open a member's full citizen ID number, one
# member at a time and audited; everyone else sees 530102********1234. The city reads
# figures, an inspector reads, a supervising unit has no members' files.
ID_NUMBER_ROLES = frozenset({Role.COUNTY, Role.TOWNSHIP, Role.SECRETARY})


class Account(models.Model):
    """A user's role and area (辖区): 530100 the city, a county's 6 digits, a township's 9
    (or a community's 12)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    area_code = models.CharField(max_length=12)
    password_changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "账号"

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} {self.area_code}"


class PasswordHistory(models.Model):
    """A password a user had (its hash), so the last few are not used again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"password of {self.user_id} until {self.created_at}"


class ApiToken(models.Model):
    """An API token (接口令牌): only its SHA-256 is kept; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="the first characters, to tell tokens apart")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.prefix}… of {self.user_id}"


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    LOGOUT = "logout", "退出"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    ACCOUNT_CHANGED = "account_changed", "账号变更"
    CHANGE = "change", "数据变更"
    EXPORT = "export", "导出"
    VIEW_PERSONAL = "view_personal", "查看个人信息"
    API = "api", "接口访问"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("审计日志只能追加 (the audit log is append-only)")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加 (the audit log is append-only)")


class AuditEvent(models.Model):
    """One line of the audit log (审计日志): who did what, to what, when, from where.

    Append-only from the application: saving an existing event, updating or deleting
    through the ORM raises. Old events leave only through `shezu accounts audit-purge`,
    after the retention period (AUDIT_RETENTION_DAYS, at least 180).
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict)
    ip = models.GenericIPAddressField(null=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "审计日志"

    def __str__(self) -> str:
        return f"{self.at} {self.username} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("审计日志只能追加 (the audit log is append-only)")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加 (the audit log is append-only)")
