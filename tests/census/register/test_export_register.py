"""`census export-register OUT.csv`: the register for other systems, one row per organization."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shezu.census.register import exports
from tests.factories import (
    PANLONG,
    PHOTOGRAPHERS_USCC,
    ImportBatchFactory,
    OrganizationFactory,
    SourceRecordFactory,
    make_uscc,
    photographers,
)

pytestmark = pytest.mark.django_db
HEADER = [
    "org_id", "name", "former_names", "uscc", "org_code", "category", "level", "county_code",
    "county", "township_code", "township", "status", "established_on", "deregistered_on",
    "supervisor", "legal_rep", "sources",
]  # fmt: skip
ALL_DIGITS_USCC = make_uscc("91530100", "21652847")  # what Excel would show as 9.15301E+17
# "" while the division table gives townships no code.
HUASHAN_CODE = "530102001"  # 华山街道 in the statistical division codes


def export(out: Path) -> str:
    buffer = io.StringIO()
    call_command("census_export_register", str(out), stdout=buffer)
    return buffer.getvalue()


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def register():
    """The photographers (民政 and 税务), a deregistered firm, a street-filed group and an
    absorbed id."""
    photo = photographers()
    firm = OrganizationFactory(
        org_id="KM0000300",
        name="昆明市长乐会计师事务所",
        category="会计师事务所",
        level="全市性",
        county_code=PANLONG,
        uscc=ALL_DIGITS_USCC,
        status="注销",
        status_date="2016-02-01",
        established_on="2003-07-15",
    )
    SourceRecordFactory(batch=ImportBatchFactory(department="财政"), organization=firm)
    SourceRecordFactory(batch=ImportBatchFactory(department="工商"), organization=firm)
    elders = OrganizationFactory(
        org_id="KM0000400",
        name="翠湖社区老年协会",
        category="社区社会组织",
        level="城乡社区",
        township="华山街道",
        status="停止活动",
        status_date="2016-05-03",
    )
    SourceRecordFactory(batch=ImportBatchFactory(department="备案"), organization=elders)
    OrganizationFactory(org_id="KM0000124", name="昆明市摄影协会", active=False, merged_into=photo)
    return photo


def test_the_csv_has_the_header_and_one_row_per_active_organization_by_id(register, tmp_path):
    out = tmp_path / "register.csv"

    message = export(out)

    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["KM0000123", "KM0000300", "KM0000400"]
    assert message.splitlines()[0] == f"已导出台账 3 个组织 → {out}"
    assert message.splitlines()[1].startswith("数据库 database: ")


def test_a_row_holds_the_golden_record_and_the_departments_that_list_it(register, tmp_path):
    out = tmp_path / "register.csv"
    export(out)

    photo, firm, elders = read(out)

    assert photo == {
        "org_id": "KM0000123",
        "name": "昆明市摄影家协会",
        "former_names": "昆明市摄影协会",
        "uscc": PHOTOGRAPHERS_USCC,
        "org_code": PHOTOGRAPHERS_USCC[8:17],
        "category": "社会团体",
        "level": "全市性",
        "county_code": "530102",
        "county": "五华区",
        "township_code": HUASHAN_CODE,
        "township": "华山街道",
        "status": "正常",
        "established_on": "1986-05-20",
        "deregistered_on": "",
        "supervisor": "昆明市文学艺术界联合会",
        "legal_rep": "李明",
        "sources": "民政;税务",
    }
    assert (firm["status"], firm["deregistered_on"], firm["sources"]) == (
        "注销",
        "2016-02-01",
        "财政;工商",
    )
    assert (elders["status"], elders["deregistered_on"], elders["sources"]) == (
        "停止活动",
        "",
        "备案",
    )


def test_the_file_starts_with_a_bom_and_codes_read_back_as_written(register, tmp_path):
    out = tmp_path / "register.csv"
    export(out)

    raw = out.read_bytes()
    rows = read(out)

    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[1]["uscc"] == ALL_DIGITS_USCC
    assert ALL_DIGITS_USCC.encode() in raw
    assert b"E+" not in raw
    assert b"e+" not in raw


def test_the_register_is_read_in_chunks(register, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    out = tmp_path / "register.csv"
    export(out)

    assert [row["org_id"] for row in read(out)] == ["KM0000123", "KM0000300", "KM0000400"]
    assert read(out)[0]["sources"] == "民政;税务"


def test_an_empty_register_is_one_error_and_no_file(tmp_path):
    out = tmp_path / "register.csv"

    with pytest.raises(CommandError) as error:
        export(out)

    assert str(error.value) == (
        "资料库中还没有组织：请先运行 shezu census import 和 shezu census link "
        "(the register is empty)"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_place_is_one_error_naming_the_file(register, tmp_path):
    out = tmp_path / "no-such-folder" / "register.csv"

    # refused while the arguments are read, before the register is
    with pytest.raises(CommandError, match=r"no-such-folder」不存在 \(no such folder\)"):
        export(out)

    assert not (tmp_path / "no-such-folder").exists()


def test_a_failed_export_leaves_an_earlier_file_as_it_was(register, tmp_path, monkeypatch):
    out = tmp_path / "register.csv"
    out.write_text("earlier export", encoding="utf-8")

    def broken():
        yield ["KM0000123"]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports, "_register_rows", broken)
    with pytest.raises(CommandError, match="No space left on device"):
        export(out)

    assert out.read_text(encoding="utf-8") == "earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.csv"]
