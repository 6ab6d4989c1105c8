"""Password rules and the append-only audit log with its one purge."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import QuerySet
from django.test import override_settings
from django.utils import timezone

from shezu.accounts.audit import audit_record
from shezu.accounts.models import AuditEvent, PasswordHistory
from shezu.accounts.passwords import password_set
from shezu.accounts.services import account_create

pytestmark = pytest.mark.django_db

PASSWORDS = [f"Dianchi-{year}" for year in range(2010, 2017)]  # seven, oldest first


def refusal(password: str, user: User | None = None) -> list[str]:
    """The codes of the rules a password breaks; [] when it is accepted."""
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return [e.code or "" for e in error.error_list]
    return []


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Ab1!xyz", ["password_too_short"]),  # 7 characters
        ("abcdefghijk", ["password_classes"]),  # lower case only
        ("abcdefghi12", ["password_classes"]),  # two classes
        ("ABCDEFGHI-!", ["password_classes"]),  # two classes
        ("Abcdefghi12", []),  # three classes, 11 characters
        ("abcdefgh-12", []),  # lower, digits, other
        ("Ab1-", ["password_too_short"]),  # all four classes, but short
    ],
)
def test_password_length_and_character_classes(password: str, codes: list[str]) -> None:
    assert refusal(password) == codes


def test_every_refusal_reads_in_chinese() -> None:
    # Django 5.2's own length message has no Simplified Chinese translation.
    with pytest.raises(ValidationError) as refused:
        validate_password("Ab1!xyz")

    assert refused.value.messages == ["密码太短，至少须有 10 个字符"]


def test_the_current_and_last_five_passwords_are_refused_and_the_sixth_back_is_allowed() -> None:
    user = account_create(
        username="wuhua", role="county", area_code="530102", password=PASSWORDS[0], by="test"
    )
    for password in PASSWORDS[1:]:
        password_set(user, password)

    # Current: 2016; history, newest first: 2015 … 2010.
    assert PasswordHistory.objects.filter(user=user).count() == 6
    assert {password: refusal(password, user) for password in PASSWORDS} == {
        "Dianchi-2010": [],  # six changes back: allowed again
        "Dianchi-2011": ["password_reused"],
        "Dianchi-2012": ["password_reused"],
        "Dianchi-2013": ["password_reused"],
        "Dianchi-2014": ["password_reused"],
        "Dianchi-2015": ["password_reused"],
        "Dianchi-2016": ["password_reused"],  # the current one
    }


def test_setting_a_password_keeps_the_old_hash_and_the_change_date() -> None:
    user = account_create(
        username="wuhua", role="county", area_code="530102", password=PASSWORDS[0], by="test"
    )
    old_hash = user.password
    before = timezone.now()

    password_set(user, PASSWORDS[1])

    user.refresh_from_db()
    assert user.check_password(PASSWORDS[1])
    assert list(PasswordHistory.objects.values_list("password", flat=True)) == [old_hash]
    assert user.account.password_changed_at is not None
    assert user.account.password_changed_at >= before


def test_the_audit_log_refuses_update_delete_and_saving_an_existing_event() -> None:
    event = audit_record(None, "export", username="wuhua", object_type="organization")

    event.username = "someone else"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.get().username == "wuhua"


def events_aged(*days: int) -> None:
    """One event per age in days, named by its age."""
    now = timezone.now()
    for age in days:
        event = audit_record(None, "export", username=f"{age}d")
        # Backdated below the append-only queryset, as only a test may.
        QuerySet(model=AuditEvent).filter(pk=event.pk).update(at=now - dt.timedelta(days=age))


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("accounts_audit_purge", *args, stdout=out)
    return out.getvalue()


def remaining() -> list[str]:
    return sorted(AuditEvent.objects.exclude(action="change").values_list("username", flat=True))


@override_settings(AUDIT_RETENTION_DAYS=180)
def test_purge_deletes_only_events_older_than_the_retention(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "zhang")
    events_aged(400, 181, 179, 0)

    dry = purge("--dry-run")
    assert remaining() == ["0d", "179d", "181d", "400d"]
    printed = purge()

    assert dry.splitlines()[0].startswith("预演（未删除）：")
    assert dry.splitlines()[0].endswith("之前的审计日志（保存 180 天）共 2 条")
    assert printed.splitlines()[0].endswith("之前的审计日志（保存 180 天）共 2 条")
    assert printed.startswith("已删除")
    assert printed.splitlines()[1].startswith("数据库 database: ")
    assert remaining() == ["0d", "179d"]
    record = AuditEvent.objects.get(action="change")
    assert (record.username, record.object_type, record.detail["deleted"]) == (
        "cli:zhang",
        "audit_log",
        2,
    )


@pytest.mark.parametrize(("setting", "left"), [(30, ["0d", "179d"]), (365, ["0d", "179d", "181d"])])
def test_purge_keeps_at_least_180_days_and_longer_when_set(setting: int, left: list[str]) -> None:
    events_aged(400, 181, 179, 0)

    with override_settings(AUDIT_RETENTION_DAYS=setting):
        purge()

    assert remaining() == left
