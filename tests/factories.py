"""Test data builders: files as departments send them, valid identifiers, and register rows.

The model factories build what imports and link runs would have written, so a test can
start from a register without running the engine; the personas are organizations a
Kunming clerk would recognise, with the department records behind them.
"""

import csv
import datetime as dt
import hashlib
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import factory
import xlsxwriter
from django.utils import timezone
from factory.django import DjangoModelFactory

from shezu.census.models import (
    ImportBatch,
    Organization,
    OrganizationEvent,
    ReviewItem,
    SourceRecord,
    VerificationTask,
)
from shezu.census.normalise.divisions import place_code
from shezu.census.register.golden import GOLDEN_FIELDS, authority_department
from shezu.census.register.services import organization_name_keys_write

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
# Register rows

WUHUA, PANLONG = "530102", "530103"


class ImportBatchFactory(DjangoModelFactory[ImportBatch]):
    """An imported department file (导入批次): 民政's list as of 2016-03-31 unless told."""

    class Meta:
        model = ImportBatch

    department = "民政"
    file_name = factory.Sequence(lambda n: f"民政_{n}.xlsx")
    file_sha256 = factory.LazyAttribute(lambda b: hashlib.sha256(b.file_name.encode()).hexdigest())
    file_size = 100
    header_row = 1
    as_of = dt.date(2016, 3, 31)
    mapping = factory.LazyFunction(lambda: {"name": "社会组织名称"})


class SourceRecordFactory(DjangoModelFactory[SourceRecord]):
    """An accepted row (来源记录), its name cell kept in `raw` as the department wrote it."""

    class Meta:
        model = SourceRecord

    batch = factory.SubFactory(ImportBatchFactory)
    row_number = factory.Sequence(lambda n: n + 1)
    name = "昆明市摄影家协会"
    raw = factory.LazyAttribute(lambda r: {"社会组织名称": r.name})


class OrganizationFactory(DjangoModelFactory[Organization]):
    """A register organization whose golden record (`fields`) agrees with its columns.

    Golden fields without a column (township, address, supervisor …) are parameters:
    ``OrganizationFactory(township="华山街道", legal_rep="张敏")``. Name keys are written
    as a link run writes them, so searches find it.
    """

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    class Params:
        former_names = factory.LazyFunction(list)
        registration_authority = ""
        supervisor = ""
        founder = ""
        address = ""
        township = ""
        zone = ""
        community = ""
        legal_rep = ""
        phones = ""
        established_on = None
        status_date = None
        staff_count = None
        verified_on = None

    # Far from the small ids tests spell out (KM0000123), so the two never collide.
    org_id = factory.Sequence(lambda n: f"KM{5_000_000 + n:07d}")
    name = "昆明市摄影家协会"
    uscc = ""
    org_code = factory.LazyAttribute(lambda o: o.uscc[8:17])
    category = "社会团体"
    level = "县级"
    county_code = WUHUA
    township_code = factory.LazyAttribute(lambda o: place_code(o.county_code, o.township, o.zone))
    status = "正常"
    fields = factory.LazyAttribute(lambda o: golden_fields(o))

    @factory.post_generation
    def index_names(
        organization: Organization, create: bool, extracted: Any, **kwargs: Any
    ) -> None:
        if create:
            organization_name_keys_write(organizations=[organization])


def golden_fields(o: Any) -> dict[str, Any]:
    """Every golden field, from the factory's columns and parameters."""
    authority = authority_department(o.category)
    values = {
        name: getattr(o, name, None) for name in GOLDEN_FIELDS if name != "authority_department"
    }
    values["authority_department"] = authority[0] if authority else ""
    for name in ("established_on", "status_date", "verified_on"):
        if isinstance(values[name], dt.date):
            values[name] = values[name].isoformat()
    return {name: values[name] for name in GOLDEN_FIELDS}


class OrganizationEventFactory(DjangoModelFactory[OrganizationEvent]):
    """A register change (变动) seen in data dated `as_of`, recorded now."""

    class Meta:
        model = OrganizationEvent

    organization = factory.SubFactory(OrganizationFactory)
    kind = "new"
    as_of = dt.date(2016, 3, 31)
    happened_at = factory.LazyFunction(timezone.now)


class ReviewItemFactory(DjangoModelFactory[ReviewItem]):
    """A pending pair; record_a is built first, so it has the lower id the table requires."""

    class Meta:
        model = ReviewItem

    record_a = factory.SubFactory(SourceRecordFactory)
    record_b = factory.SubFactory(SourceRecordFactory)
    probability = 0.9


class VerificationTaskFactory(DjangoModelFactory[VerificationTask]):
    class Meta:
        model = VerificationTask

    organization = factory.SubFactory(OrganizationFactory)
    reasons = factory.LazyFunction(lambda: ["关联证据较弱"])
    county_code = factory.LazyAttribute(lambda t: t.organization.county_code)
    level = factory.LazyAttribute(lambda t: t.organization.level)


# ---------------------------------------------------------------------------
# Personas: organizations as the departments list them

PHOTOGRAPHERS_USCC = make_uscc("51530100", "MJ000017")
TAX_LIST = "税务_登记信息.csv"
CIVIL_LIST = "民政_社会组织登记.xlsx"

PHONE_CONFLICT = {
    "field": "phones",
    "reason": "电话不一致",
    "values": [
        {"value": "0871-65123456", "sources": [f"税务 {TAX_LIST}:7"]},
        {"value": "0871-64111111", "sources": [f"民政 {CIVIL_LIST}:12"]},
    ],
}


def photographers(**golden: Any) -> Organization:
    """昆明市摄影家协会: a city-wide social group (社会团体) 民政 registers and the tax office
    lists under its former name 昆明市摄影协会, with a phone conflict between the two."""
    civil = ImportBatchFactory(department="民政", file_name=CIVIL_LIST)
    tax = ImportBatchFactory(
        department="税务",
        file_name=TAX_LIST,
        as_of=dt.date(2016, 4, 30),
        mapping={"name": "纳税人名称"},
    )
    civil_said = {
        "name": "昆明市摄影家协会",
        "uscc": PHOTOGRAPHERS_USCC,
        "org_code": PHOTOGRAPHERS_USCC[8:17],
        "category": "社会团体",
        "level": "全市性",
        "registration_authority": "昆明市民政局",
        "supervisor": "昆明市文学艺术界联合会",
        "address": "五华区东风西路2号",
        "county_code": WUHUA,
        "township": "华山街道",
        "legal_rep": "李明",
        "established_on": "1986-05-20",
        "status": "正常",
    }
    # 民政 said who it is; the tax office's newer list gave the phone and the former name.
    provenance = {
        name: [source(value, "民政", CIVIL_LIST, 12, "2016-03-31")]
        for name, value in civil_said.items()
    } | {
        "former_names": [source("昆明市摄影协会", "税务", TAX_LIST, 7, "2016-04-30")],
        "phones": [
            source("0871-65123456", "税务", TAX_LIST, 7, "2016-04-30"),
            source("0871-64111111", "民政", CIVIL_LIST, 12, "2016-03-31"),
        ],
    }
    organization = OrganizationFactory(
        **{
            "org_id": "KM0000123",
            **civil_said,
            "former_names": ["昆明市摄影协会"],
            "phones": "0871-65123456",
            "conflicts": [PHONE_CONFLICT],
            "flags": ["conflict"],
            "provenance": provenance,
            **golden,
        }
    )
    SourceRecordFactory(
        batch=civil, row_number=12, name="昆明市摄影家协会", organization=organization,
        raw={"社会组织名称": "昆明市 摄影家协会"},
    )  # fmt: skip
    SourceRecordFactory(
        batch=tax, row_number=7, name="昆明市摄影协会", organization=organization,
        raw={"纳税人名称": "昆明市摄影协会"},
    )  # fmt: skip
    return organization


def source(value: Any, department: str, file: str, row: int, as_of: str) -> dict[str, Any]:
    """A provenance entry, as golden.py writes it."""
    return {
        "value": value, "department": department, "file": file, "row": row, "as_of": as_of,
        "record_id": None,
    }  # fmt: skip
