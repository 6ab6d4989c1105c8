"""Writes to accounts: create, deactivate, issue an API token. Each is atomic and leaves
an ACCOUNT_CHANGED event in the audit log naming who did it (`by`).

Administrators (三员: sysadmin, secadmin, auditadmin) see no business data, so an area
means nothing for them; their area is the city (530100) and any other area given is
refused rather than silently replaced — a clerk who typed a county for an administrator
has misunderstood the role, and should be told so instead of getting an account that
differs from what was asked.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shezu.accounts.areas import area_known
from shezu.accounts.audit import audit_record
from shezu.accounts.errors import AccountsError
from shezu.accounts.models import BUSINESS_ROLES, Account, AuditAction, Role
from shezu.accounts.passwords import password_set
from shezu.accounts.tokens import token_create
from shezu.census.api import CITY_CODE

ROLES_TEXT = "、".join(f"{role.value}（{role.label}）" for role in Role)


def account_create(*, username: str, role: str, area_code: str, password: str, by: str) -> User:
    """A new active user with its role, area and password (checked by every configured
    validator, set through `password_set` so its change date is kept)."""
    username = username.strip()
    role, area_code = account_role_area(role=role, area_code=area_code)
    candidate = User(username=username)
    if not username:
        raise AccountsError("请给出用户名")
    try:
        # The field's own checks: letters, digits and @.+-_ only; at most 150 characters.
        User._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        raise AccountsError(f"用户名「{username}」不可用：{_one_line(error)}") from error
    try:
        # The unsaved user lets the similarity validator compare with the username.
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise AccountsError(f"密码不符合要求：{_one_line(error)}") from error
    try:
        with transaction.atomic():
            if User.objects.filter(username=username).exists():
                raise AccountsError(f"用户名「{username}」已存在")
            # No password yet: `password_set` would keep an unusable one in the history.
            user = User.objects.create(username=username, password="")
            Account.objects.create(user=user, role=role, area_code=area_code)
            password_set(user, password)
            audit_record(
                None,
                AuditAction.ACCOUNT_CHANGED,
                username=by,
                object_type="user",
                object_id=username,
                detail={"change": "created", "role": role, "area_code": area_code},
            )
    except IntegrityError as error:  # created by someone else between the check and insert
        raise AccountsError(f"用户名「{username}」已存在") from error
    return user


def account_role_area(*, role: str, area_code: str) -> tuple[str, str]:
    """The role's value (from its value or Chinese label) and the area, once both are
    known to fit; checked before a password is asked for, so nobody types one in vain."""
    role = _role(role)
    return role, _area(role, area_code.strip())


def account_deactivate(*, username: str, by: str) -> User:
    """Stop a user signing in or using their API tokens; the account and its history stay."""
    with transaction.atomic():
        user = _user(username, for_update=True)
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            audit_record(
                None,
                AuditAction.ACCOUNT_CHANGED,
                username=by,
                object_type="user",
                object_id=user.username,
                detail={"change": "deactivated"},
            )
    return user


def account_unlock(*, username: str, by: str) -> bool:
    """Lift a lockout after too many failed logins (解除锁定) before it expires by itself,
    and forget the failures counted so far; False when there were none."""
    from axes.utils import reset  # axes reads settings when imported

    user = _user(username, for_update=False)
    cleared = bool(reset(username=user.username))  # axes' attempt rows, not failures
    if cleared:
        audit_record(
            None,
            AuditAction.ACCOUNT_CHANGED,
            username=by,
            object_type="user",
            object_id=user.username,
            detail={"change": "unlocked"},
        )
    return cleared


def account_token_create(*, username: str, by: str) -> str:
    """A new API token for an active user, to be shown once; only its hash is kept."""
    with transaction.atomic():
        user = _user(username, for_update=False)
        if not user.is_active:
            raise AccountsError(f"用户「{user.username}」已停用，不能发放令牌")
        key = token_create(user)
        audit_record(
            None,
            AuditAction.ACCOUNT_CHANGED,
            username=by,
            object_type="user",
            object_id=user.username,
            # The prefix tells tokens apart in the log; the token itself is never logged.
            detail={"change": "token_created", "prefix": key[:8]},
        )
    return key


def _role(role: str) -> str:
    role = role.strip()
    for known in Role:
        if role in (known.value, known.label):
            return known.value
    raise AccountsError(f"角色「{role}」不存在，可选 {ROLES_TEXT}")


def _area(role: str, area_code: str) -> str:
    if role not in BUSINESS_ROLES:
        if area_code != CITY_CODE:
            raise AccountsError(
                f"管理员账号（{Role(role).label}）的辖区只能是 {CITY_CODE}（昆明市），"
                f"而不是「{area_code}」"
            )
        return area_code
    if not area_known(area_code):
        raise AccountsError(
            f"辖区「{area_code}」不是昆明市的区划代码：应为 {CITY_CODE}、区县 6 位、"
            "乡镇（街道）或管理区 9 位，或社区 12 位代码"
        )
    return area_code


def _user(username: str, *, for_update: bool) -> User:
    users = User.objects.select_for_update() if for_update else User.objects.all()
    user = users.filter(username=username.strip()).first()
    if user is None:
        raise AccountsError(f"用户「{username.strip()}」不存在")
    return user


def _one_line(error: ValidationError) -> str:
    return "；".join(message.rstrip("。.") for message in error.messages)
