"""Derived linkage columns: a code that lost its digits in a spreadsheet never joins records."""

import datetime as dt
from typing import Any

from shezu.census.linkage.features import code_body, features
from shezu.census.linkage.types import INPUT_COLUMNS


def record(**values: Any) -> dict[str, Any]:
    blank: dict[str, Any] = dict.fromkeys(INPUT_COLUMNS, "")
    blank.update(record_id=1, batch=1, department="司法", uscc_valid=None, org_code_valid=None)
    blank.update(name="云南八方律师事务所", established_on=dt.date(2010, 1, 1))
    return blank | values


def test_the_organization_code_body_skips_codes_that_lost_digits() -> None:
    lost_org_code = record(org_code="9.15301E+17", uscc="31530000MD0000012X", uscc_valid=True)

    assert code_body(lost_org_code) == ("MD0000012", True)
    assert code_body(record(tax_id="5301026000373412.0")) == ("", False)  # 18 characters


def test_a_licence_number_that_lost_digits_is_no_deterministic_key() -> None:
    table = features([record(license_no="1.53012E+16"), record(license_no="15301200910123456")])

    assert table["license_key"].to_pylist() == [None, "司法:15301200910123456"]
