"""`shezu accounts …`: each command end to end through call_command."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from shezu.accounts.models import Account, AuditEvent, PasswordHistory
from shezu.accounts.services import account_create, account_deactivate
from shezu.accounts.tokens import user_for_token

pytestmark = pytest.mark.django_db

GOOD = "Dianchi-2016"


def run(*args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> str:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def clerk(username: str = "wuhua", role: str = "county", area: str = "530102") -> User:
    return account_create(username=username, role=role, area_code=area, password=GOOD, by="test")


def test_add_with_password_from_stdin_creates_the_account_and_records_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "zhang")

    printed = run(
        "accounts_add", "huashan", "--role", "township", "--area", "530102001",
        "--password-stdin", stdin=GOOD + "\nnot read\n", monkeypatch=monkeypatch,
    )  # fmt: skip

    assert printed.splitlines()[0] == (
        "已新建账号 huashan：乡镇（街道）工作人员，辖区 530102001 五华区华山街道"
    )
    assert printed.splitlines()[1].startswith("数据库 database: ")
    assert GOOD not in printed
    user = User.objects.get(username="huashan")
    assert user.check_password(GOOD)
    assert user.is_active
    assert (user.account.role, user.account.area_code) == ("township", "530102001")
    assert user.account.password_changed_at is not None
    assert PasswordHistory.objects.count() == 0  # no earlier password to keep
    event = AuditEvent.objects.get()
    assert (event.username, event.action, event.object_type, event.object_id) == (
        "cli:zhang", "account_changed", "user", "huashan",
    )  # fmt: skip
    assert event.detail == {"change": "created", "role": "township", "area_code": "530102001"}


def test_add_prompts_twice_and_refuses_two_different_passwords(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typed = iter([GOOD, GOOD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))

    with pytest.raises(CommandError, match=r"^两次输入的密码不一致$"):
        run("accounts_add", "city1", "--role", "city", "--area", "530100")

    assert not User.objects.exists()


def test_add_takes_the_prompted_password_when_both_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": GOOD)

    printed = run("accounts_add", "city1", "--role", "市级工作人员", "--area", "530100")

    assert printed.splitlines()[0] == "已新建账号 city1：市级工作人员，辖区 530100 昆明市"
    assert User.objects.get(username="city1").check_password(GOOD)


@pytest.mark.parametrize(
    ("role", "area", "message"),
    [
        ("mayor", "530100", "角色「mayor」不存在，可选 city（市级工作人员）、"),
        ("county", "530199", "辖区「530199」不是昆明市的区划代码："),
        ("township", "530102999", "辖区「530102999」不是昆明市的区划代码："),
        ("township", "530140", "辖区「530140」不是昆明市的区划代码："),  # a zone's local code
        ("secretary", "530102999001", "辖区「530102999001」不是昆明市的区划代码："),
        ("sysadmin", "530102", "管理员账号（系统管理员）的辖区只能是 530100（昆明市），"),
        ("auditadmin", "", "管理员账号（审计管理员）的辖区只能是 530100（昆明市），"),
    ],
)  # fmt: skip
def test_add_refuses_a_bad_role_or_area_in_one_line_before_asking_for_a_password(
    monkeypatch: pytest.MonkeyPatch, role: str, area: str, message: str
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or GOOD)

    with pytest.raises(CommandError) as raised:
        run("accounts_add", "x1", "--role", role, "--area", area)

    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert asked == []
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("area", "name"),
    [
        ("530100", "昆明市"),
        ("530102", "五华区"),
        ("530102001", "五华区华山街道"),
        ("530102401", "高新区"),  # a zone's 9-digit code
        ("530102001003", "五华区华山街道 003"),
    ],
)
def test_add_accepts_each_kind_of_area(
    monkeypatch: pytest.MonkeyPatch, area: str, name: str
) -> None:
    printed = run(
        "accounts_add", "x1", "--role", "secretary", "--area", area, "--password-stdin",
        stdin=GOOD + "\n", monkeypatch=monkeypatch,
    )  # fmt: skip

    assert printed.splitlines()[0] == f"已新建账号 x1：党组织书记，辖区 {area} {name}"


def test_add_refuses_a_weak_password_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError) as raised:
        run(
            "accounts_add", "x1", "--role", "city", "--area", "530100", "--password-stdin",
            stdin="short\n", monkeypatch=monkeypatch,
        )  # fmt: skip

    # Django's own length message: its Chinese catalogue lags its 5.2 wording, so English.
    length, classes = str(raised.value).split("；")
    assert length.startswith("密码不符合要求：")
    assert "10" in length
    assert classes == "密码须包含小写字母、大写字母、数字、其他字符中的至少三类"
    assert not User.objects.exists()


def test_add_refuses_an_existing_username_and_an_empty_stdin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clerk()

    with pytest.raises(CommandError, match=r"^用户名「wuhua」已存在$"):
        run(
            "accounts_add", "wuhua", "--role", "city", "--area", "530100", "--password-stdin",
            stdin=GOOD + "\n", monkeypatch=monkeypatch,
        )  # fmt: skip
    with pytest.raises(CommandError, match=r"^标准输入中没有密码$"):
        run(
            "accounts_add", "other", "--role", "city", "--area", "530100", "--password-stdin",
            stdin="", monkeypatch=monkeypatch,
        )  # fmt: skip

    assert User.objects.count() == 1


def test_token_prints_the_token_as_the_last_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "zhang")
    user = clerk()

    lines = run("accounts_token", "wuhua").splitlines()

    assert lines[0] == "已为 wuhua 发放接口令牌；只显示这一次，请妥善保存："
    assert lines[1].startswith("数据库 database: ")
    assert len(lines) == 3
    assert user_for_token(lines[-1]) == user
    event = AuditEvent.objects.get(detail__change="token_created")
    assert (event.username, event.object_id, event.detail["prefix"]) == (
        "cli:zhang", "wuhua", lines[-1][:8],
    )  # fmt: skip


def test_token_refuses_an_unknown_or_deactivated_user() -> None:
    clerk()
    account_deactivate(username="wuhua", by="test")

    with pytest.raises(CommandError, match=r"^用户「nobody」不存在$"):
        run("accounts_token", "nobody")
    with pytest.raises(CommandError, match=r"^用户「wuhua」已停用，不能发放令牌$"):
        run("accounts_token", "wuhua")


def test_list_shows_each_account_with_role_area_state_and_dates() -> None:
    clerk()
    clerk("audit", "auditadmin", "530100")
    account_deactivate(username="audit", by="test")
    moment = dt.datetime(2016, 3, 31, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    User.objects.filter(username="wuhua").update(last_login=moment)
    Account.objects.update(password_changed_at=moment)

    lines = run("accounts_list").splitlines()

    assert [line.split() for line in lines[2:4]] == [
        ["audit", "审计管理员", "530100", "昆明市", "停用", "2016-03-31", "09:30"],
        ["wuhua", "县级工作人员", "530102", "五华区", "启用", "2016-03-31", "09:30",
         "2016-03-31", "09:30"],
    ]  # fmt: skip
    assert lines[0].split() == [
        "用户名",
        "角色",
        "辖区",
        "辖区名称",
        "状态",
        "最近登录",
        "密码修改",
    ]
    assert lines[4] == "共 2 个账号 (accounts)"
    assert lines[5].startswith("数据库 database: ")


def test_list_without_accounts_says_how_to_add_one() -> None:
    assert (
        run("accounts_list").splitlines()[0]
        == "没有账号；可用 shezu accounts add 新建 (no accounts)"
    )
