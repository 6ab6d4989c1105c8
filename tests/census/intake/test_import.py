"""Importing department files: what is kept, what is rejected, and what nothing changes."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from shezu.census.models import ImportBatch, RejectedRow, SourceRecord
from tests.factories import make_uscc

AS_OF = dt.date(2016, 3, 31)
HEADER = ["序号", "社会组织名称", "统一社会信用代码", "住所", "联系电话", "成立日期", "备注"]
PHOTO = make_uscc("51530100", "MJY00001")
CALLIGRAPHY = make_uscc("51530102", "MJY00002")


def civil_rows() -> list[list[object]]:
    return [
        HEADER,
        [
            1,
            "昆明市摄影家协会",
            PHOTO,
            "云南省昆明市五华区人民中路一百二十三号",
            "(0871)65123456",
            "2001/3/1",
            "甲",
        ],
        [
            2,
            "五华区书法家协会",
            CALLIGRAPHY.lower(),
            "五华区华山街道翠湖南路5号",
            "13888888888",
            "2005年6月1日",
            "",
        ],
        [3, "", "", "", "", "", "无名无码"],
        [4, "昆明市摄影协会", "9.15301E+17", "盘龙区北京路100号", "", "20100301", ""],
    ]


def import_command(path: Path, *extra: str) -> dict[str, object]:
    out = io.StringIO()
    call_command(
        "census_import",
        str(path),
        "--department",
        "民政",
        "--as-of",
        "2016-03-31",
        "--json",
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue())


def table_counts() -> tuple[int, int, int]:
    return ImportBatch.objects.count(), SourceRecord.objects.count(), RejectedRow.objects.count()


@pytest.mark.django_db
def test_an_import_keeps_every_row_with_its_provenance(csv_file):
    path = csv_file(civil_rows(), name="民政_登记.csv", encoding="gbk")

    summary = import_command(path)

    assert (summary["rows_read"], summary["accepted"], summary["rejected"]) == (4, 3, 1)
    assert summary["duplicate_file"] is False
    batch = ImportBatch.objects.get(pk=summary["batch_id"])
    assert (batch.file_name, batch.department, batch.as_of, batch.encoding) == (
        "民政_登记.csv",
        "民政",
        AS_OF,
        "gb18030",
    )
    assert batch.header_row == 1
    photo, calligraphy, _ = SourceRecord.objects.filter(batch=batch).order_by("row_number")
    assert (photo.row_number, photo.name, photo.uscc, photo.uscc_valid) == (
        1,
        "昆明市摄影家协会",
        PHOTO,
        True,
    )
    assert photo.raw["备注"] == "甲" and photo.raw["住所"].startswith("云南省昆明市")
    assert (photo.county_code, photo.phones, photo.established_on) == (
        "530102",
        "0871-65123456",
        dt.date(2001, 3, 1),
    )
    assert photo.address == "五华区人民中路123号"
    assert calligraphy.uscc == CALLIGRAPHY and calligraphy.township == "华山街道"
    assert calligraphy.org_code == CALLIGRAPHY[8:17]
    assert "备注" in batch.unmapped_headers


@pytest.mark.django_db
def test_a_code_that_lost_its_digits_is_kept_as_written_and_its_organization_accepted(
    csv_file,
):
    path = csv_file(civil_rows())

    summary = import_command(path)

    record = SourceRecord.objects.get(row_number=4)
    assert (record.name, record.uscc, record.uscc_valid, record.org_code) == (
        "昆明市摄影协会",
        "9.15301E+17",
        False,
        "",
    )
    assert record.warnings == [
        [
            "uscc",
            "统一社会信用代码「9.15301E+17」被表格存成了数字，末尾数位已丢失，不用于比对；"
            "请将该列设为文本后重新导出 (stored as a number, digits lost: kept, never matched)",
        ]
    ]
    assert summary["warnings"]["uscc"] == 1
    assert [r.row_number for r in RejectedRow.objects.all()] == [3]  # no name, no code


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(csv_file):
    path = csv_file(civil_rows())
    first = import_command(path)
    before = table_counts()

    second = import_command(path)

    assert second["duplicate_file"] is True and second["batch_id"] == first["batch_id"]
    assert (second["accepted"], second["rows_read"]) == (0, 0)
    assert table_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_departments_use_reads_the_same(csv_file, encoding):
    path = csv_file(civil_rows(), name=f"{encoding}.csv", encoding=encoding)

    import_command(path)

    assert list(SourceRecord.objects.values_list("name", flat=True)) == [
        "昆明市摄影家协会",
        "五华区书法家协会",
        "昆明市摄影协会",
    ]


@pytest.mark.django_db
def test_xlsx_with_a_hidden_sheet_and_a_title_row_finds_the_data(xlsx_file):
    rows = [["昆明市社会组织登记信息表（截至2016年3月31日）"], *civil_rows()]
    path = xlsx_file(rows, sheet="登记信息", hidden_first="字典")

    summary = import_command(path)

    assert (summary["sheet"], summary["header_row"], summary["accepted"]) == ("登记信息", 2, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("streamed", [False, True], ids=["calamine", "openpyxl"])
def test_an_excel_number_cell_holding_a_credit_code_is_kept_as_excel_shows_it_not_guessed(
    xlsx_file, monkeypatch, streamed
):
    if streamed:
        monkeypatch.setattr("shezu.census.intake.readers.STREAM_XLSX_BYTES", 0)
    rows = [
        HEADER,
        [1, "昆明市摄影协会", 915301000000000000, "", "", "", ""],
        [2, "昆明市书法协会", "", "", 13888888888, 42430, ""],
    ]
    path = xlsx_file(rows)

    summary = import_command(path)

    assert (summary["accepted"], summary["rejected"]) == (2, 0)
    lost, calligraphy = SourceRecord.objects.order_by("row_number")
    assert (lost.uscc, lost.uscc_valid, lost.org_code, lost.category) == (
        "9.15301E+17",
        False,
        "",
        "社会团体",
    )
    assert (calligraphy.phones, calligraphy.established_on) == ("13888888888", dt.date(2016, 3, 1))


@pytest.mark.django_db
def test_legacy_xls_files_import(tmp_path):
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("律所")
    for r, row in enumerate(
        [
            ["事务所名称", "执业许可证号", "执业地址"],
            ["云南八方律师事务所", "15301200910123456", "西山区滇池路1号"],
        ]
    ):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "司法.xls"
    workbook.save(str(path))

    out = io.StringIO()
    call_command(
        "census_import", str(path), "--department", "司法", "--as-of", "2016-03-31", stdout=out
    )

    record = SourceRecord.objects.get()
    assert (record.name, record.license_no, record.county_code) == (
        "云南八方律师事务所",
        "15301200910123456",
        "530112",
    )
    assert "接收" in out.getvalue()


@pytest.mark.django_db
def test_blank_rows_and_a_totals_row_are_skipped_but_keep_row_numbers(xlsx_file):
    rows = [
        HEADER,
        [1, "昆明市摄影家协会", PHOTO, "", "", "", ""],
        [],
        [2, "五华区书法家协会", "", "", "", "", ""],
        ["合计", 2],
    ]
    path = xlsx_file(rows)

    summary = import_command(path)

    assert (summary["rows_read"], summary["accepted"], summary["skipped"]) == (4, 2, 2)
    assert list(SourceRecord.objects.values_list("row_number", flat=True)) == [1, 3]


@pytest.mark.django_db
def test_a_large_xlsx_is_streamed_with_the_same_result(xlsx_file, monkeypatch):
    monkeypatch.setattr("shezu.census.intake.readers.STREAM_XLSX_BYTES", 0)
    rows = [["昆明市社会组织登记信息表（截至2016年3月31日）"], *civil_rows()]
    path = xlsx_file(rows, sheet="登记信息", hidden_first="字典")

    summary = import_command(path)

    assert (summary["sheet"], summary["header_row"]) == ("登记信息", 2)
    assert (summary["accepted"], summary["rejected"]) == (3, 1)
    assert SourceRecord.objects.get(row_number=1).established_on == dt.date(2001, 3, 1)


@pytest.mark.django_db
def test_a_filled_cell_beyond_the_last_header_is_kept_raw(csv_file):
    rows = [HEADER, [1, "昆明市摄影家协会", PHOTO, "", "", "", "", "补充说明"]]

    import_command(csv_file(rows))

    assert SourceRecord.objects.get().raw["第8列"] == "补充说明"
