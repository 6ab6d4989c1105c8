"""Text for a terminal: rich tables and lines rendered to a string, without colour.

Every report (imports, link runs, review pairs, changes, tasks, assignments) is built here
the same way, so the CLI prints it and a test reads it as plain text.
"""

import datetime as dt
import io

from django.utils import timezone
from rich.console import Console

WIDTH = 110


def console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=WIDTH, color_system=None, highlight=False)


def line(console: Console, text: str) -> None:
    """A line printed as written: no markup, wrapped only by the terminal."""
    console.print(text, markup=False, soft_wrap=True)


def local_time(moment: dt.datetime | None) -> str:
    """A moment in Kunming's time (settings.TIME_ZONE), to the minute; '' for none."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
