"""Builders for the Party-template tests: a small register with upper bodies, valid ID
numbers, and template files filled as a county fills them (openpyxl)."""

from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from shezu.affiliation.models import ResponsibleBody
from shezu.party.templates import template_write
from tests.factories import OrganizationFactory, make_uscc, photographers

CALLIGRAPHERS_USCC = make_uscc("51530102", "MJ000300")
LAW_FIRM_USCC = make_uscc("31530000", "MJ000302")
LAW_FIRM_CODE = LAW_FIRM_USCC[8:17]
PANLONG = "530103"


def register() -> None:
    """昆明市摄影家协会 (KM0000123, former name 昆明市摄影协会), two 书法家协会 of two
    counties, two 翠湖 associations of one name, two law firms; the city's social-
    organization committee and its lawyers' committee as upper bodies."""
    photographers()
    OrganizationFactory(org_id="KM0000300", name="五华区书法家协会", uscc=CALLIGRAPHERS_USCC)
    OrganizationFactory(org_id="KM0000301", name="盘龙区书法家协会", county_code=PANLONG)
    OrganizationFactory(org_id="KM0000302", name="云南明信律师事务所", uscc=LAW_FIRM_USCC,
                        category="律师事务所", county_code=PANLONG)  # fmt: skip
    OrganizationFactory(org_id="KM0000303", name="云南正言律师事务所", category="律师事务所",
                        county_code=PANLONG)  # fmt: skip
    OrganizationFactory(org_id="KM0000304", name="翠湖社区老年协会", township="华山街道")
    OrganizationFactory(org_id="KM0000305", name="翠湖社区老年协会", township="翠湖街道")
    city = ResponsibleBody.objects.create(
        code="530100", name="中共昆明市社会组织综合委员会", kind="city", area_code="530100"
    )
    ResponsibleBody.objects.create(
        code="530100-lawyers",
        name="昆明市律师行业党委",
        kind="industry",
        area_code="530100",
        parent=city,
    )


_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def make_id(birth: str = "19800101", serial: str = "123", area: str = "530102") -> str:
    """A GB 11643 citizen ID number with its check character."""
    body = f"{area}{birth}{serial}"
    check = (12 - sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def filled(
    tmp_path: Path,
    kind: str,
    rows: Sequence[Mapping[str, object]],
    *,
    name: str | None = None,
) -> Path:
    """The empty template of `kind` (as `shezu party template` writes it), filled with
    openpyxl: each row a mapping header → value, below the header row."""
    path = tmp_path / (name or f"{kind}.xlsx")
    template_write(kind, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = {cell.value: cell.column for cell in sheet[2] if cell.value}
    for number, row in enumerate(rows, start=3):
        for header, value in row.items():
            sheet.cell(row=number, column=headers[header], value=value)
    workbook.save(path)
    return path


def sheet_rows(path: Path) -> list[dict[str, object]]:
    """A workbook's first sheet as header → value per row (header on row 2)."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[1]
    return [
        {h: v for h, v in zip(headers, row, strict=False) if h and v not in (None, "")}
        for row in rows[2:]
        if any(v not in (None, "") for v in row)
    ]
