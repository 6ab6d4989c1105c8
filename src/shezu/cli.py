"""The `shezu` console script: shezu's own commands by context word, Django's out of sight.

Every batch job is a Django management command (ADR 0002) whose module name says how
people type it: `census_import` is `shezu census import`, `demo_data` is `shezu demo-data`
(a first word that is itself a command, like `demo`, heads no group). A new context's
commands (`assign_run`, `party_import` …) therefore appear in `shezu help` under their
context word without a change here (ADR 0006). Django's commands (`shezu migrate`,
`shezu runserver`, `shezu shell`) still run, and `shezu help --django` lists them.

Before a command runs, the database is made ready (created and migrated, ADR 0002); help,
the version and a mistyped command never touch it.
"""

from __future__ import annotations

import difflib
import os
import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass

HELP = frozenset({"-h", "--help"})
# Django commands that must not migrate first: they manage migrations or only print.
NO_MIGRATE_FIRST = frozenset({"migrate", "makemigrations", "check", "help", "version"})
OTHER = "其他 other"
UNKNOWN = 2  # the exit status of a usage mistake, as argparse's


@dataclass(frozen=True)
class Job:
    """A shezu management command and the words people type for it."""

    name: str  # the management command: census_import
    app: str  # the app holding it: shezu.census
    words: tuple[str, ...]  # ("census", "import") or ("demo-data",)

    @property
    def spaced(self) -> str:
        return " ".join(self.words)

    @property
    def group(self) -> str:
        """The context word (`census`), or "" for a top-level command."""
        return self.words[0] if len(self.words) == 2 else ""


def commands_all() -> dict[str, str]:
    """Every management command → the app that holds it (Django's and shezu's)."""
    from django.core.management import get_commands

    return dict(get_commands())


def _ours(app: str) -> bool:
    return app == "shezu" or app.startswith("shezu.")


def jobs(commands: dict[str, str]) -> list[Job]:
    """shezu's own commands, each with its words, sorted by what people type."""
    found = []
    for name, app in commands.items():
        if not _ours(app):
            continue
        head, _, job = name.partition("_")
        words = (head, job) if job and head not in commands else (name,)
        found.append(Job(name, app, tuple(word.replace("_", "-") for word in words)))
    return sorted(found, key=lambda j: (j.group == "", j.spaced))


def describe(job: Job) -> str:
    """The first line of the command's help."""
    from django.core.management import load_command_class

    return (load_command_class(job.app, job.name).help or "").strip().split("\n")[0]


def version_text() -> str:
    import django

    from shezu import version

    python, framework = platform.python_version(), django.get_version()
    return f"shezu {version()} (Python {python}, Django {framework})"


# ---------------------------------------------------------------------------
# Listings


def _listing(entries: Iterable[Job]) -> list[str]:
    entries = list(entries)
    width = max((len(job.spaced) for job in entries), default=0) + 2
    return [f"  {job.spaced.ljust(width)}{describe(job)}" for job in entries]


def _group_title(group: str) -> str:
    """A context's heading: its app's name when the word is an app label (摸底 census)."""
    from django.apps import apps

    if not group:
        return OTHER
    try:
        return str(apps.get_app_config(group).verbose_name)
    except LookupError:
        return group


def overview(all_jobs: list[Job]) -> str:
    from shezu import version
    from shezu.config.database import database_description

    lines = [
        f"社组 shezu {version()} — 社会组织党建 (party building in social organizations)",
        "",
        "用法 usage: shezu <命令> [参数]；shezu help <命令> 查看一个命令的参数 (its options)",
    ]
    groups = list(dict.fromkeys(job.group for job in all_jobs))
    for group in groups:
        lines += ["", _group_title(group)]
        lines += _listing(job for job in all_jobs if job.group == group)
    lines += [
        "",
        f"数据库 database: {database_description()}",
        "Django 自带的命令（migrate、runserver、shell …）：shezu help --django",
    ]
    return "\n".join(lines)


def group_overview(group: str, all_jobs: list[Job]) -> str:
    lines = [f"{_group_title(group)} — shezu {group} <命令> [参数]", ""]
    lines += _listing(job for job in all_jobs if job.group == group)
    lines += ["", f"查看一个命令的参数 (a command's options): shezu help {group} <命令>"]
    return "\n".join(lines)


def django_overview(commands: dict[str, str]) -> str:
    lines = ["Django 自带的命令 (Django's own commands): shezu <命令> --help 查看参数", ""]
    by_app: dict[str, list[str]] = {}
    for name, app in sorted(commands.items()):
        if not _ours(app):
            by_app.setdefault(app, []).append(name)
    for app, names in sorted(by_app.items()):
        lines.append(f"[{app}]")
        lines += [f"  {name}" for name in names]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Finding what was typed


@dataclass(frozen=True)
class Found:
    job: Job | None = None  # a shezu command, run with `rest`
    django: str = ""  # or one of Django's
    group: str = ""  # or a context word alone: list its commands
    unknown: str = ""  # or what was typed, when it names nothing
    rest: tuple[str, ...] = ()


def find(words: list[str], all_jobs: list[Job], commands: dict[str, str]) -> Found:
    """What `shezu <words…>` names: a shezu job, a Django command, a context, or nothing."""
    by_words = {job.words: job for job in all_jobs}
    by_name = {job.name: job for job in all_jobs}
    groups = {job.group for job in all_jobs if job.group}
    first = words[0]
    if first in groups:
        if len(words) == 1 or words[1] in HELP:
            return Found(group=first)
        job = by_words.get((first, words[1].replace("_", "-")))
        if job is None:
            return Found(unknown=f"{first} {words[1]}")
        return Found(job=job, rest=tuple(words[2:]))
    name = first.replace("-", "_")
    if name in by_name:  # demo-data, and census_import as Django spells it
        return Found(job=by_name[name], rest=tuple(words[1:]))
    if first in commands:
        return Found(django=first, rest=tuple(words[1:]))
    return Found(unknown=first)


def suggestion(typed: str, all_jobs: list[Job], commands: dict[str, str]) -> str:
    """The command closest to what was typed, by spelling (difflib), or ""."""
    candidates = {name: name for name in commands if name not in {j.name for j in all_jobs}}
    for job in all_jobs:
        candidates[job.spaced] = job.spaced
        candidates.setdefault(job.words[-1], job.spaced)  # `imprt` → census import
        if job.group:
            candidates.setdefault(job.group, job.group)
    close = difflib.get_close_matches(typed, list(candidates), n=1, cutoff=0.6)
    if not close and " " in typed:  # `census imprt`: the job word alone
        close = difflib.get_close_matches(typed.split()[-1], list(candidates), n=1, cutoff=0.6)
    return candidates[close[0]] if close else ""


def unknown_text(typed: str, all_jobs: list[Job], commands: dict[str, str]) -> str:
    closest = suggestion(typed, all_jobs, commands)
    hint = f"是不是 shezu {closest}？" if closest else "shezu help 列出所有命令。"
    english = f"did you mean shezu {closest}?" if closest else "shezu help lists every command"
    return f"shezu: 没有「{typed}」这个命令；{hint} (unknown command; {english})"


# ---------------------------------------------------------------------------
# Running


def _prepare_database(*, migrate: bool = True) -> None:
    """Create and migrate the database (or only its folder, for the commands that manage
    migrations themselves); a database that cannot be opened is one line."""
    from django.db import DatabaseError

    from shezu.config.database import (
        database_description,
        database_folder_create,
        database_prepare,
    )

    try:
        if migrate:
            database_prepare()
        else:
            database_folder_create()
    except (DatabaseError, OSError) as error:
        reason = str(error).strip().split("\n")[0]
        sys.exit(
            f"shezu: 无法打开数据库 {database_description()}：{reason} (cannot open the database)"
        )


def run(job: Job, rest: list[str]) -> None:
    from django.core.management import load_command_class

    if not HELP & set(rest):
        _prepare_database()
    load_command_class(job.app, job.name).run_from_argv(["shezu", job.spaced, *rest])


def help_for(words: list[str], all_jobs: list[Job], commands: dict[str, str]) -> int:
    """`shezu help`, `shezu help census`, `shezu help census import`, `shezu help --django`."""
    from django.core.management import execute_from_command_line, load_command_class

    if not words:
        print(overview(all_jobs))
        return 0
    if words == ["--django"]:
        print(django_overview(commands))
        return 0
    found = find(words, all_jobs, commands)
    if found.group:
        print(group_overview(found.group, all_jobs))
    elif found.job is not None:  # `help census review decide`: the subcommand's help
        command = load_command_class(found.job.app, found.job.name)
        command.run_from_argv(["shezu", found.job.spaced, *found.rest, "--help"])
    elif found.django and not found.rest:
        execute_from_command_line(["shezu", "help", found.django])
    else:
        typed = " ".join(words)
        print(unknown_text(found.unknown or typed, all_jobs, commands), file=sys.stderr)
        return UNKNOWN
    return 0


def main(argv: list[str] | None = None) -> int:
    """The console script; returns the exit status (commands exit themselves on errors)."""
    words = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")
    if words[:1] in (["-V"], ["--version"]):
        print(version_text())
        return 0
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        # A production setting left out (SHEZU_SECRET_KEY with SHEZU_DEBUG=0): the
        # operator needs the sentence, not Django's traceback.
        print(f"shezu: 设置不完整：{error} (incomplete settings)", file=sys.stderr)
        return 1
    commands = commands_all()
    all_jobs = jobs(commands)
    if not words or words[0] in HELP:
        print(overview(all_jobs))
        return 0
    if words[0] == "help":
        return help_for(words[1:], all_jobs, commands)
    found = find(words, all_jobs, commands)
    try:
        if found.job is not None:
            run(found.job, list(found.rest))
        elif found.group:
            print(group_overview(found.group, all_jobs))
        elif found.django:
            from django.core.management import execute_from_command_line

            if not HELP & set(found.rest):
                _prepare_database(migrate=found.django not in NO_MIGRATE_FIRST)
            execute_from_command_line(["shezu", found.django, *found.rest])
        else:
            print(unknown_text(found.unknown, all_jobs, commands), file=sys.stderr)
            return UNKNOWN
    except KeyboardInterrupt:
        # Every write is one transaction: the step that was stopped left nothing behind.
        print("\nshezu: 已中断，进行中的一步未写入 (interrupted)", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
