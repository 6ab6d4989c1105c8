"""The `shezu` console script as a user meets it: help by context word, the version, one
line for every mistake, one database whatever the folder, dates as clerks type them."""

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import django
import pytest
from django.core.management import load_command_class

from shezu.cli import Job, commands_all, describe, jobs, main
from shezu.commands import ShezuCommand, full_date, output_file, output_folder
from tests.factories import make_uscc, write_csv

# Variables that choose the database: a test sets the ones it means, never the user's own.
DATABASE_VARIABLES = ("SHEZU_DATABASE_URL", "SHEZU_DATA_DIR", "XDG_DATA_HOME")


def shezu(
    data_dir: Path | None, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the console script as a user would, on the SQLite file in `data_dir` (or where
    `env` says: it must then name HOME or a database, so the real user's is never touched)."""
    environment = {k: v for k, v in os.environ.items() if k not in DATABASE_VARIABLES}
    if data_dir is not None:
        environment["SHEZU_DATA_DIR"] = str(data_dir)
    else:
        assert env and {"HOME", "XDG_DATA_HOME", "SHEZU_DATABASE_URL"} & set(env)
    environment.update(env or {})
    command = [sys.executable, "-m", "shezu.cli", *args]
    return subprocess.run(
        command, env=environment, cwd=cwd, capture_output=True, text=True, check=False
    )


def all_jobs() -> list[Job]:
    return jobs(commands_all())


def listed(out: str, job: Job) -> bool:
    """The listing has a line with the job's words and the first line of its help."""
    return any(
        line.split()[: len(job.words)] == list(job.words) and describe(job) in line
        for line in out.splitlines()
    )


def one_line_refusal(done: subprocess.CompletedProcess[str]) -> str:
    """The message of a refused command: non-zero exit, one line on stderr, no traceback."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr.strip()


# ---------------------------------------------------------------- help


def test_shezu_alone_or_asking_for_help_lists_shezus_commands_by_context_word(capsys):
    outputs = []
    for words in ([], ["--help"], ["-h"], ["help"]):
        assert main(words) == 0
        outputs.append(capsys.readouterr().out)

    out = outputs[0]
    assert outputs == [out] * 4
    assert "\n摸底 census\n  census changes " in out
    assert all(listed(out, job) for job in all_jobs())
    assert "  census import  " in out and "  demo-data  " in out
    for hidden in ("flush", "startproject", "sqlflush", "census_import", "demo_data"):
        assert hidden not in out
    assert out.rstrip().endswith("shezu help --django")


def test_a_new_contexts_commands_appear_under_its_word_with_no_change_to_the_script():
    commands = {
        "census_import": "shezu.census",
        "census_export_ledger": "shezu.census",
        "assign_run": "shezu.assign",
        "party_member_import": "shezu.party",
        "demo": "shezu.demo",
        "demo_data": "shezu.demo",
        "migrate": "django.core",
    }

    assert [job.words for job in jobs(commands)] == [
        ("assign", "run"),
        ("census", "export-ledger"),
        ("census", "import"),
        ("party", "member-import"),
        ("demo",),
        ("demo-data",),
    ]


def test_a_context_word_lists_its_own_commands(capsys):
    outputs = []
    for words in (["census"], ["census", "--help"], ["help", "census"]):
        assert main(words) == 0
        outputs.append(capsys.readouterr().out)

    assert outputs == [outputs[0]] * 3
    census = [job for job in all_jobs() if job.group == "census"]
    assert all(listed(outputs[0], job) for job in census)
    assert "demo" not in outputs[0]


def command_help(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(list(words))
    assert done.value.code == 0
    return capsys.readouterr().out


def test_a_commands_help_uses_the_words_people_type(capsys):
    texts = [
        command_help(capsys, *words)
        for words in (
            ["census", "import", "--help"],
            ["help", "census", "import"],
            ["help", "census_import"],
            ["help", "census-import"],
        )
    ]

    assert texts == [texts[0]] * 4
    assert texts[0].startswith("usage: shezu census import ")
    assert "--as-of DATE" in texts[0] and "FILE" in texts[0]
    assert "2016年3月31日" in texts[0]
    assert "--settings" not in texts[0] and "--traceback" not in texts[0]


def test_every_command_is_a_shezu_command_with_its_spaced_name_in_its_usage():
    for job in all_jobs():
        command = load_command_class(job.app, job.name)
        usage = command.create_parser("shezu", job.spaced).format_help()

        assert isinstance(command, ShezuCommand), job.name
        assert usage.startswith(f"usage: shezu {job.spaced}"), job.name
        assert "--pythonpath" not in usage, job.name


def test_a_review_decision_is_shown_in_chinese_and_in_english(capsys):
    out = command_help(capsys, "help", "census", "review", "decide")

    assert out.startswith("usage: shezu census review decide")
    assert "ID 相同|不同" in out
    assert "相同（同一组织、match）或 不同（不同组织、distinct）" in out


def test_the_version_comes_from_the_package(capsys):
    assert main(["--version"]) == 0

    expected = (
        f"shezu {importlib.metadata.version('shezu')} "
        f"(Python {platform.python_version()}, Django {django.get_version()})\n"
    )
    assert capsys.readouterr().out == expected


def test_an_unknown_command_is_one_line_naming_the_closest_one(capsys):
    assert main(["census", "imprt"]) == 2
    assert capsys.readouterr().err == (
        "shezu: 没有「census imprt」这个命令；是不是 shezu census import？ "
        "(unknown command; did you mean shezu census import?)\n"
    )
    assert main(["imprt"]) == 2
    assert "是不是 shezu census import？" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert capsys.readouterr().err == (
        "shezu: 没有「frobnicate」这个命令；shezu help 列出所有命令。 "
        "(unknown command; shezu help lists every command)\n"
    )


def test_djangos_commands_run_but_are_listed_only_on_request(capsys, tmp_path):
    assert main(["help", "--django"]) == 0
    out = capsys.readouterr().out
    assert {"  migrate", "  runserver", "  shell"} <= set(out.splitlines())

    done = shezu(tmp_path, "showmigrations", "census")

    assert done.returncode == 0, done.stderr
    migrations = done.stdout.splitlines()[1:]
    assert migrations and all(line.startswith(" [X] ") for line in migrations)  # all applied


def test_a_mistyped_command_exits_2_without_a_traceback(tmp_path):
    done = shezu(tmp_path, "census", "imprt", "民政.xlsx")

    assert one_line_refusal(done).startswith("shezu: 没有「census imprt」这个命令")
    assert done.returncode == 2
    assert not tmp_path.joinpath("shezu.sqlite3").exists()


# ---------------------------------------------------------------- one database


def filed_list(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [["组织名称", "所属街道"], ["翠湖社区老年协会", "华山街道"], ["", "华山街道"]]
    return write_csv(folder / "备案.csv", rows)


def test_one_database_serves_every_folder_a_command_runs_from(tmp_path):
    home = tmp_path / "home"
    here, there = tmp_path / "这里", tmp_path / "那里"
    there.mkdir()
    database = home / ".local" / "share" / "shezu" / "shezu.sqlite3"
    path = filed_list(here)

    imported = shezu(
        None,
        *("census", "import", str(path), "--department", "备案", "--as-of", "2016-04-01"),
        cwd=here,
        env={"HOME": str(home)},
    )
    exported = shezu(
        None, "census", "rejects", "1", "退回.xlsx", cwd=there, env={"HOME": str(home)}
    )

    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-1] == f"数据库 database: {database}"
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines() == [
        "已导出 1 行退回记录 → 退回.xlsx",
        f"数据库 database: {database}",
    ]
    assert (there / "退回.xlsx").exists()
    assert list(tmp_path.rglob("*.sqlite3")) == [database]


def test_the_data_folder_follows_xdg_then_shezu_data_dir_then_the_database_url(tmp_path):
    home, xdg = {"HOME": str(tmp_path / "home")}, {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    url = {"SHEZU_DATABASE_URL": f"sqlite:///{tmp_path / 'url.sqlite3'}"}

    def database(data_dir: Path | None, env: dict[str, str]) -> str:
        done = shezu(data_dir, env=env)
        assert done.returncode == 0, done.stderr
        return next(line for line in done.stdout.splitlines() if line.startswith("数据库"))

    assert database(None, home) == (
        f"数据库 database: {tmp_path / 'home' / '.local' / 'share' / 'shezu' / 'shezu.sqlite3'}"
    )
    assert (
        database(None, home | xdg)
        == f"数据库 database: {tmp_path / 'xdg' / 'shezu' / 'shezu.sqlite3'}"
    )
    assert database(tmp_path / "data", home | xdg) == (
        f"数据库 database: {tmp_path / 'data' / 'shezu.sqlite3'}"
    )
    assert database(tmp_path / "data", home | xdg | url) == (
        f"数据库 database: {tmp_path / 'url.sqlite3'}"
    )
    assert list(tmp_path.iterdir()) == []  # asking for help creates nothing


def test_the_first_command_on_a_new_machine_creates_and_migrates_the_database(tmp_path):
    path = filed_list(tmp_path)
    data_dir = tmp_path / "新电脑" / "shezu"

    done = shezu(
        data_dir,
        *("census", "import", str(path), "--department", "备案", "--as-of", "2016/03/31"),
        "--json",
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accepted"] == 1
    with sqlite3.connect(data_dir / "shezu.sqlite3") as database:
        stored = database.execute(
            "select name, township, as_of from census_sourcerecord"
            " join census_importbatch on census_importbatch.id = batch_id"
        ).fetchall()
    assert stored == [("翠湖社区老年协会", "华山街道", "2016-03-31")]


def test_a_bad_file_exits_non_zero_with_one_message_on_stderr(tmp_path):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")

    done = shezu(
        tmp_path, "census", "import", str(path), "--department", "民政", "--as-of", "2016-04-01"
    )

    assert one_line_refusal(done) == "shezu census import: 空.csv：文件为空 (empty file)"
    assert done.returncode == 1
    assert done.stdout == ""


def test_a_date_that_is_not_one_is_one_line_with_the_forms_accepted(tmp_path):
    path = filed_list(tmp_path)

    done = shezu(
        tmp_path, "census", "import", str(path), "--department", "备案", "--as-of", "2016/13/45"
    )

    assert one_line_refusal(done) == (
        "shezu census import: 参数 --as-of：「2016/13/45」不是完整的日期，可写作 2016-03-31、"
        "2016/3/31、2016.3.31、2016年3月31日 或 20160331 (a full date: year, month and day)"
        "；用法 usage: shezu census import --help"
    )
    assert done.returncode == 2


@pytest.mark.parametrize("job", ["export-ledger", "export-links"])
def test_an_empty_register_is_not_exported_as_an_empty_file(tmp_path, job):
    out = tmp_path / "台账.xlsx"

    done = shezu(tmp_path, "census", job, str(out))

    assert one_line_refusal(done) == (
        f"shezu census {job}: 资料库中还没有组织：请先运行 shezu census import 和 "
        "shezu census link (the register is empty)"
    )
    assert not out.exists()


# ---------------------------------------------------------------- every command, every mistake
#
# Every shezu command (and review's list/show/decide) is found from Django's command list
# and its parser, so a command added later is tried too: with an unknown option, with its
# required arguments missing, and with each argument made bad by its type — a file that is
# not there, an output inside a plain file, an id nobody has, a date that is not one, a word
# that is not a number. Each
# run is a copy of one small register; afterwards the database must be as it was and
# nothing written. The explicit cases below add the messages that matter most.

# Django's own options (verbosity, settings …): not the command's business.
BASE_OPTIONS = {"help", "version", "verbosity", "settings", "pythonpath", "traceback"}
BASE_OPTIONS |= {"no_color", "force_color", "skip_checks"}
PLAIN_FILE = "普通文件.txt"
SAMPLE = "民政.csv"


@dataclass(frozen=True)
class Invocation:
    words: tuple[str, ...]  # ("census", "review", "decide")
    parser: argparse.ArgumentParser


def invocations() -> Iterator[Invocation]:
    for job in all_jobs():
        parser = load_command_class(job.app, job.name).create_parser("shezu", job.spaced)
        # argparse keeps its actions and subcommands private; a test may read them.
        subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subcommands:
            yield Invocation(job.words, parser)
        for action in subcommands:
            for name, subparser in action.choices.items():
                yield Invocation((*job.words, name), subparser)


def own_arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if action.dest not in BASE_OPTIONS and not isinstance(action, argparse._SubParsersAction)
    ]


def good_value(action: argparse.Action, folder: Path) -> str:
    if action.type is Path:
        return str(folder / SAMPLE)
    if action.type is output_file:
        return str(folder / "out.xlsx")
    if action.type is output_folder:
        return str(folder / "out")
    if action.type is full_date:
        return "2016-03-31"
    if action.choices:
        return str(next(iter(action.choices)))
    return "1" if action.type is int else "相同"


def bad_value(action: argparse.Action, folder: Path) -> str | None:
    if action.type is Path:
        return str(folder / "不存在.xlsx")
    if action.type in (output_file, output_folder):
        return str(folder / PLAIN_FILE / "x")
    if action.type is full_date:
        return "2016-13-45"
    if action.type is int and not action.option_strings:
        return "999999"  # an id nobody has
    if action.type is not None or action.choices:
        return "abc"
    return None


def command_line(
    invocation: Invocation, folder: Path, bad: argparse.Action | None = None
) -> list[str]:
    words: list[str] = []
    for action in own_arguments(invocation.parser):
        if not (action.required or not action.option_strings or action is bad):
            continue
        value = bad_value(action, folder) if action is bad else good_value(action, folder)
        words += [action.option_strings[0], value] if action.option_strings else [value]
    return [*invocation.words, *words]


def mistakes(invocation: Invocation, folder: Path) -> list[list[str]]:
    """Every way the generator knows to call this command wrongly."""
    arguments = own_arguments(invocation.parser)
    made = [[*command_line(invocation, folder), "--no-such-option"]]
    if any(action.required or not action.option_strings for action in arguments):
        made.append(list(invocation.words))
    made += [
        command_line(invocation, folder, bad=action)
        for action in arguments
        if bad_value(action, folder) is not None
    ]
    return made


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two data folders to copy: a new, empty database and a small linked register."""
    empty, linked = (tmp_path_factory.mktemp(name) for name in ("empty", "linked"))
    assert shezu(empty, "migrate").returncode == 0
    rows = [
        ["社会组织名称", "统一社会信用代码", "住所"],
        ["五华区书法家协会", make_uscc("51530102", "MJ000001"), "五华区翠湖南路5号"],
        ["盘龙区摄影协会", make_uscc("51530103", "MJ000002"), "盘龙区北京路100号"],
        ["", "", "无名无码"],
    ]
    path = write_csv(linked / SAMPLE, rows)
    imported = shezu(
        linked, "census", "import", str(path), "--department", "民政", "--as-of", "2016-03-31"
    )
    assert imported.returncode == 0, imported.stderr
    assert shezu(linked, "census", "link").returncode == 0
    return {"empty": empty, "linked": linked}


def workplace(register: Path, folder: Path) -> Path:
    """A copy of a register's data folder, with a department list and a plain file beside it."""
    data = folder / "data"
    data.mkdir(parents=True)
    for name in ("shezu.sqlite3", "shezu.sqlite3-wal"):  # WAL: whatever is not yet merged
        if (register / name).exists():
            shutil.copy(register / name, data / name)
    rows = [
        ["社会组织名称", "统一社会信用代码"],
        ["官渡区舞蹈协会", make_uscc("51530111", "MJ000003")],
    ]
    write_csv(folder / SAMPLE, rows)
    (folder / PLAIN_FILE).write_text("")
    return data


def snapshot(folder: Path) -> tuple[list[str], list[str]]:
    """The database's whole content and every file in the folder."""
    with sqlite3.connect(folder / "data" / "shezu.sqlite3") as database:
        dump = list(database.iterdump())
    files = sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.relative_to(folder).parts[0] != "data"
    )
    return dump, files


def attempt(register: Path, folder: Path, words: list[str]) -> tuple[list[str], str]:
    """Run `words` on a copy of `register`: what went wrong (nothing when shezu refused in
    one line and changed nothing), and its stderr."""
    data = workplace(register, folder)
    before = snapshot(folder)
    done = shezu(data, *words, cwd=folder)
    problems = []
    if done.returncode == 0:
        problems.append("exit status 0")
    if "Traceback" in done.stderr or done.stderr.count("\n") != 1:
        problems.append(f"stderr: {done.stderr!r}")
    if snapshot(folder) != before:
        problems.append("something was written")
    return problems, done.stderr.strip()


def attempts(calls: list[tuple[Path, Path, list[str]]]) -> list[tuple[list[str], str]]:
    """`attempt` for each (register, folder, words), four at a time."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda call: attempt(*call), calls))


@pytest.mark.slow
@pytest.mark.parametrize("invocation", list(invocations()), ids=lambda i: " ".join(i.words))
def test_no_mistake_with_a_command_prints_a_traceback_or_writes_anything(
    invocation, registers, tmp_path
):
    folders = [tmp_path / f"case{n}" for n in range(len(mistakes(invocation, tmp_path)))]
    calls = [
        (registers["linked"], folder, mistakes(invocation, folder)[n])
        for n, folder in enumerate(folders)
    ]

    found = attempts(calls)

    assert [
        f"shezu {' '.join(words)}: {'; '.join(problems)}"
        for (_, _, words), (problems, _) in zip(calls, found, strict=True)
        if problems
    ] == []


EMPTY_REGISTER = (
    "资料库中还没有组织：请先运行 shezu census import 和 shezu census link (the register is empty)"
)
# (register, command, its one line on stderr); {folder} is the case's own folder.
MESSAGES = [
    (
        "empty",
        "census link",
        "shezu census link: 还没有导入任何来源记录 (no source records: run census import first)",
    ),
    (
        "empty",
        "census export-ledger {folder}/台账.xlsx",
        f"shezu census export-ledger: {EMPTY_REGISTER}",
    ),
    (
        "empty",
        "census export-links {folder}/links.csv",
        f"shezu census export-links: {EMPTY_REGISTER}",
    ),
    ("empty", "census tasks {folder}/核实任务", f"shezu census tasks: {EMPTY_REGISTER}"),
    ("empty", "census changes --since 2016-01-01", f"shezu census changes: {EMPTY_REGISTER}"),
    (
        "linked",
        "census rejects 999999 {folder}/退回.xlsx",
        "shezu census rejects: 没有编号为 999999 的导入批次 (no such batch)",
    ),
    (
        "linked",
        "census review decide 999999 相同",
        "shezu census review: 没有编号为 999999 的审核项 (no review item #999999)",
    ),
    (
        "linked",
        "census changes --since 2016/5/1 --until 2016/4/1",
        "shezu census changes: 截止日期 2016-04-01 早于起始日期 2016-05-01 (end before start)",
    ),
    (
        "linked",
        "census export-ledger {folder}/没有/台账.xlsx",
        "shezu census export-ledger: 参数 OUT.xlsx：文件夹「{folder}/没有」不存在 (no such folder)"
        "；用法 usage: shezu census export-ledger --help",
    ),
    (
        "linked",
        "census import",
        "shezu census import: 缺少参数 FILE, --as-of (the following arguments are required: "
        "FILE, --as-of)；用法 usage: shezu census import --help",
    ),
    (
        "linked",
        "assign facts-template {folder}/分类补充.xlsx --area 5301",
        "shezu assign facts-template: 区划代码「5301」不是昆明市（530100）、区县（6位）"
        "或乡镇街道（9位）的代码 (not a Kunming area code)",
    ),
]


@pytest.mark.slow
def test_the_commonest_mistakes_get_these_messages(registers, tmp_path):
    folders = [tmp_path / f"case{n}" for n in range(len(MESSAGES))]
    calls = [
        (registers[register], folder, command.format(folder=folder).split())
        for (register, command, _), folder in zip(MESSAGES, folders, strict=True)
    ]

    found = attempts(calls)

    assert [
        (" ".join(words), problems, said)
        for (_, _, words), (problems, said) in zip(calls, found, strict=True)
    ] == [
        (" ".join(words), [], message.format(folder=folder))
        for (_, folder, words), (_, _, message) in zip(calls, MESSAGES, strict=True)
    ]


# Each command with --json, run on the small register; `census review show` has no pair to
# show there (tests/census/review covers its JSON).
JSON_RUNS = [
    (("census", "import"), "{folder}/民政.csv --department 民政 --as-of 2016-04-30 --json"),
    (("census", "link"), "--json"),
    (("census", "changes"), "--since 2016-01-01 --json"),
    (("census", "review", "list"), "--json"),
    (("census", "show"), "五华区书法家协会 --json"),
    (("census", "verify"), "{folder}/核实任务/核实任务_五华区.xlsx --json"),
    (("assign", "facts-import"), "{folder}/分类补充.xlsx --json"),
    (("assign", "run"), "--json"),
    (("party", "import"), "{folder}/党组织.xlsx --kind orgs --json"),
]
JSON_EXEMPT = {("census", "review", "show")}


@pytest.mark.slow
def test_every_json_output_is_json_and_nothing_else(registers, tmp_path):
    with_json = {
        invocation.words
        for invocation in invocations()
        if any(action.dest == "json" for action in invocation.parser._actions)
    }
    data = workplace(registers["linked"], tmp_path)
    tasks = shezu(data, "census", "tasks", str(tmp_path / "核实任务"))
    template = shezu(
        data, "assign", "facts-template", str(tmp_path / "分类补充.xlsx"), "--area", "530102"
    )

    party = shezu(data, "party", "template", "--kind", "orgs", str(tmp_path / "党组织.xlsx"))

    assert with_json - JSON_EXEMPT == {words for words, _ in JSON_RUNS}
    assert tasks.returncode == 0, tasks.stderr
    assert template.returncode == 0, template.stderr
    assert party.returncode == 0, party.stderr
    for words, rest in JSON_RUNS:
        done = shezu(data, *words, *rest.format(folder=tmp_path).split(), cwd=tmp_path)
        assert done.returncode == 0, (words, done.stderr)
        assert isinstance(json.loads(done.stdout), dict | list), words
