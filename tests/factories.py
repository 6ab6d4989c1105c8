"""Test data builders: files as departments send them, valid identifiers, register rows."""

import csv
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import factory
import xlsxwriter
from django.utils import timezone

Rows = Sequence[Sequence[object]]


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Rows, *, sheet: str = "Sheet1", hidden_first: str | None = None
) -> Path:
    sheets: dict[str, Rows] = {hidden_first: [["字典", "值"]]} if hidden_first else {}
    sheets[sheet] = rows
    return write_workbook(path, sheets, hidden={hidden_first} if hidden_first else set())


def write_workbook(path: Path, sheets: Mapping[str, Rows], *, hidden: Collection[str] = ()) -> Path:
    """An xlsx with several sheets in the order given; a None cell is left empty."""
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        worksheet = workbook.add_worksheet(name)
        for index, row in enumerate(rows):
            for column, value in enumerate(row):
                if value is not None:
                    worksheet.write(index, column, value)
    shown = [sheet for sheet in workbook.worksheets() if sheet.name not in hidden]
    shown[0].activate()  # Excel refuses to hide the active sheet
    for sheet in workbook.worksheets():
        if sheet.name in hidden:
            sheet.hide()
    workbook.close()
    return path


ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def make_org_code(body: str) -> str:
    """A GB 11714 organization code: 8-character body plus its check character."""
    total = sum(ORG_CODE_CHARS.index(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(prefix: str, body: str) -> str:
    """A credit code: 2-char department/category + 6-digit region, org code, check character."""
    from stdnum.cn import uscc

    partial = prefix + make_org_code(body)
    return partial + uscc.calc_check_digit(partial)


# ---------------------------------------------------------------------------
# Register rows for tests of reads and reports. Organizations and events are written by
# link runs and field verifications; these stand in when a test is about what is read.


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "census.Organization"

    org_id = factory.Sequence(lambda n: f"KM{n + 1:07d}")
    name = factory.Sequence(lambda n: f"五华区测试协会{n + 1}")
    county_code = "530102"
    fields = factory.LazyAttribute(lambda o: {"name": o.name, "county_code": o.county_code})


class OrganizationEventFactory(factory.django.DjangoModelFactory):
    """A register change (变动) seen in data dated `as_of`, recorded now."""

    class Meta:
        model = "census.OrganizationEvent"

    organization = factory.SubFactory(OrganizationFactory)
    kind = "new"
    as_of = dt.date(2016, 3, 31)
    happened_at = factory.LazyFunction(timezone.now)
