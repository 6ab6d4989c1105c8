"""Cell values as spreadsheet readers give them, turned into text without losing anything."""

import datetime as dt
import unicodedata

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

# Excel keeps 15 significant digits: a longer number typed into a number cell is already wrong.
EXCEL_EXACT_LIMIT = 10**15


def cell_text(value: Cell) -> str:
    """The cell as the department saw it: numbers without a spurious `.0`, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < EXCEL_EXACT_LIMIT:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def excel_general(number: float) -> str:
    """A long number as Excel's General format shows it in a cell: ``9.15301E+17``."""
    mantissa, exponent = f"{number:.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exponent[0]}{int(exponent[1:]):02d}"


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: Cell) -> str:
    """Free text folded to half width, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", cell_text(value))
    return " ".join(text.split())
