"""What every shezu command shares: one-line errors, dates as people type them, output
paths checked before the work starts, and the database named under each summary.

A command derives from `ShezuCommand` instead of Django's `BaseCommand` and stays a thin
wrapper: parse, call one service or query, render. The base class makes everything a user
can get wrong one line on stderr and an exit status, never a traceback (ADR 0006):

- a bad argument (missing, unknown, a date that is not one, a folder that does not exist)
  → exit status 2, the mistake in Chinese with argparse's English in parentheses;
- a request a service refuses (`CensusError`, `AffiliationError`, `AccountsError`) or a
  path the system refuses (`OSError`) → exit status 1, with the service's own message.

`call_command` (the tests) gets the same messages as `CommandError`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, Protocol

from django.core.management.base import BaseCommand, CommandError, handle_default_options
from django.db import connections
from xlsxwriter.exceptions import FileCreateError

from shezu import version
from shezu.accounts.errors import AccountsError
from shezu.affiliation.errors import AffiliationError
from shezu.census.errors import CensusError
from shezu.census.normalise.dates import parse_date
from shezu.config.database import database_description

__all__ = [
    "DATE_FORMS",
    "ShezuCommand",
    "WorkbookOutcome",
    "argument_error_text",
    "full_date",
    "output_file",
    "output_folder",
    "path_error_text",
    "positive",
]

# The errors a service raises for people; a later context's base error joins them here.
USER_ERRORS: tuple[type[Exception], ...] = (CensusError, AffiliationError, AccountsError)
DATE_FORMS = "2016-03-31、2016/3/31、2016.3.31、2016年3月31日 或 20160331"
BAD_ARGUMENT = 2  # argparse's exit status for a usage mistake


class ReturnedWorkbookReport(Protocol):
    """What a service that takes back a filled workbook reports; rows as Excel numbers them,
    `rejected` (and `warnings`, where the service has them) as (row, column, message)."""

    @property
    def file(self) -> str: ...
    @property
    def duplicate_file(self) -> bool: ...
    @property
    def rows_read(self) -> int: ...
    @property
    def applied(self) -> int: ...
    @property
    def skipped(self) -> int: ...
    @property
    def rejected(self) -> list[tuple[int, str, str]]: ...
    def as_json(self) -> dict[str, object]: ...


@dataclass(frozen=True)
class WorkbookOutcome:
    """What the one renderer prints of a returned workbook's import, whatever the service
    named its counts: rows written, rows rejected, rows skipped, each rejection and warning
    as (row, column, message), and the service's own JSON object."""

    file: str
    duplicate_file: bool
    rows_read: int
    written: int
    rejected_rows: int
    skipped: int
    rejections: Sequence[tuple[int, str, str]]
    warnings: Sequence[tuple[int, str, str]]
    payload: dict[str, object]

    @classmethod
    def of(cls, report: ReturnedWorkbookReport) -> WorkbookOutcome:
        return cls(
            file=report.file,
            duplicate_file=report.duplicate_file,
            rows_read=report.rows_read,
            written=report.applied,
            rejected_rows=len({row for row, _, _ in report.rejected}),
            skipped=report.skipped,
            rejections=report.rejected,
            warnings=getattr(report, "warnings", ()),
            payload=report.as_json(),
        )


class ShezuCommand(BaseCommand):
    """A shezu batch job: user errors as one line, Django's own options out of the help."""

    # Django's options still work; a clerk needs none of them, so the help does not list them.
    suppressed_base_arguments = {  # noqa: RUF012 (Django's attribute, read only)
        "--version",
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
    }
    # Model checks guard the web process (runserver runs them); a batch job skips them and
    # so has no --skip-checks option to show either.
    requires_system_checks = ()

    def get_version(self) -> str:
        return version()

    def run_from_argv(self, argv: list[str]) -> None:
        """Run as the `shezu` script does: `argv` is [script, "census import", *arguments].

        Django would print argparse's usage block for a bad argument and a traceback for an
        error raised while converting one; here each is one line naming the command.
        """
        prog = f"{os.path.basename(argv[0])} {argv[1]}"
        # Not marked "called from the command line", so argparse raises instead of printing.
        parser = self.create_parser(argv[0], argv[1])
        try:
            options = parser.parse_args(argv[2:])
        except CommandError as error:
            self._fail(prog, f"{argument_error_text(str(error))}；用法 usage: {prog} --help")
        command_options = vars(options)
        args = command_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **command_options)
        except CommandError as error:
            if options.traceback:
                raise
            self._fail(prog, str(error), error.returncode)
        finally:
            connections.close_all()

    def _fail(self, prog: str, message: str, status: int = BAD_ARGUMENT) -> NoReturn:
        self.stderr.write(f"{prog}: {message}")
        sys.exit(status)

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except USER_ERRORS as error:
            raise CommandError(str(error)) from error
        except FileCreateError as error:  # xlsxwriter's wrapper of the OSError at close()
            cause = error.args[0] if error.args else None
            text = path_error_text(cause) if isinstance(cause, OSError) else str(error)
            raise CommandError(text) from error
        except OSError as error:
            raise CommandError(path_error_text(error)) from error

    def database_line(self) -> None:
        """End a summary with the database it describes (数据库): which register it was."""
        self.stdout.write(f"数据库 database: {database_description()}")

    # ---------------------------------------------------------------------------
    # Argument types: each raises ArgumentTypeError, which argparse reports as a bad argument.

    def returned_workbook_report(
        self,
        report: ReturnedWorkbookReport | WorkbookOutcome,
        *,
        as_json: bool,
        skipped: str,
    ) -> None:
        """What importing a returned workbook did (核实任务表, 分类补充信息表, Party
        templates): a summary line, then each rejected row and each warning by row and
        column; with `as_json`, one JSON object. `skipped` names what skipped rows were."""
        outcome = report if isinstance(report, WorkbookOutcome) else WorkbookOutcome.of(report)
        if as_json:
            self.stdout.write(json.dumps(outcome.payload, ensure_ascii=False))
            return
        if outcome.duplicate_file:
            self.stdout.write(
                f"{outcome.file}: 此文件已导入过，未做任何更改 (same file already imported)"
            )
        else:
            self.stdout.write(
                f"{outcome.file}: 读取 {outcome.rows_read:,} 行，写入 {outcome.written:,} 行，"
                f"退回 {outcome.rejected_rows:,} 行，{skipped} {outcome.skipped:,} 行"
            )
            for row, name, message in outcome.rejections:
                self.stdout.write(f"  退回 第{row}行 「{name}」：{message}")
            for row, name, message in outcome.warnings:
                self.stdout.write(f"  提示 第{row}行 「{name}」：{message}")
        self.database_line()


def full_date(text: str) -> dt.date:
    """A whole date as people type it (`DATE_FORMS`); a year or a month alone is refused."""
    value, note = parse_date(text)
    bare = text.strip()
    # Eight digits are yyyymmdd; any other bare number would be read as an Excel serial
    # number or a year, which nobody means on a command line.
    if value is None or note is not None or (bare.isdigit() and len(bare) != 8):
        raise argparse.ArgumentTypeError(
            f"「{text}」不是完整的日期，可写作 {DATE_FORMS} (a full date: year, month and day)"
        )
    return value


def positive(text: str) -> int:
    """A whole number of at least 1, such as how many rows to show."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是「{text}」 (a positive number)")
    return int(text)


def output_file(text: str) -> Path:
    """A file to write, in a folder that exists and may be written to.

    Checked while parsing, so a mistyped folder costs nothing instead of a whole export.
    """
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"「{text}」是文件夹，请给出文件名 (a folder, not a file)")
    _writable_folder(path.parent)
    return path


def output_folder(text: str) -> Path:
    """A folder to write into, created if missing: its nearest existing part must be a
    folder that may be written to."""
    path = Path(text).expanduser()
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    _writable_folder(existing)
    return path


def _writable_folder(folder: Path) -> None:
    if not folder.exists():
        raise argparse.ArgumentTypeError(f"文件夹「{folder}」不存在 (no such folder)")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"「{folder}」不是文件夹 (not a folder)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"没有权限写入文件夹「{folder}」 (folder not writable)")


# ---------------------------------------------------------------------------
# Messages

# argparse speaks English; the clerk reads Chinese first, argparse's words in parentheses.
_ARGPARSE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<what>.+)"), "缺少参数 {what}"),
    (re.compile(r"unrecognized arguments: (?P<what>.+)"), "无法识别的参数 {what}"),
    (
        re.compile(
            r"argument (?P<what>\S+): invalid choice: (?P<value>.+?)"
            r" \(choose from (?P<choices>.+)\)"
        ),
        "参数 {what} 不能是 {value}，可选 {choices}",
    ),
    (
        re.compile(r"argument (?P<what>\S+): invalid (?:int|float) value: (?P<value>.+)"),
        "参数 {what} 应为数字，而不是 {value}",
    ),
    (re.compile(r"argument (?P<what>\S+): expected one argument"), "参数 {what} 后面缺少取值"),
    (
        re.compile(r"argument (?P<what>\S+): not allowed with argument (?P<other>\S+)"),
        "参数 {what} 与 {other} 不能同时使用",
    ),
    (re.compile(r"one of the arguments (?P<what>.+) is required"), "需要参数 {what} 之一"),
)
# Our own argument types (above) already say it in Chinese with an English gloss.
_OWN = re.compile(r"argument (?P<what>\S+): (?P<message>.+)", re.DOTALL)


def argument_error_text(message: str) -> str:
    """argparse's complaint about an argument, Chinese first."""
    message = message.removeprefix("Error: ")
    for pattern, chinese in _ARGPARSE:
        if (match := pattern.fullmatch(message)) is not None:
            return f"{chinese.format(**match.groupdict())} ({message})"
    if (match := _OWN.fullmatch(message)) is not None:
        return f"参数 {match['what']}：{match['message']}"
    return message


_OS_ERRORS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘只读",
}


def path_error_text(error: OSError) -> str:
    """`「/path」：没有权限 (Permission denied)`: the path and why the system refused it."""
    reason = _OS_ERRORS.get(error.errno or 0, "无法读写")
    where = f"「{error.filename}」：" if error.filename else ""
    return f"{where}{reason} ({error.strerror or error})"
