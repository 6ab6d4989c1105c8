"""Bad files get one clear message and leave the database exactly as it was."""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from shezu.census.models import ImportBatch, RejectedRow, SourceRecord
from tests.census.intake.test_import import civil_rows
from tests.factories import write_csv, write_workbook


def database_state() -> tuple[int, int, int]:
    return ImportBatch.objects.count(), SourceRecord.objects.count(), RejectedRow.objects.count()


@pytest.fixture
def already_imported(csv_file) -> tuple[int, int, int]:
    """A database with one good batch in it, so "unchanged" means more than "empty"."""
    call_command(
        "census_import",
        str(csv_file(civil_rows()[:3], name="好.csv")),
        "--department",
        "民政",
        "--as-of",
        "2016-03-31",
        stdout=io.StringIO(),
    )
    return database_state()


def import_error(path: Path, *options: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command(
            "census_import", str(path), "--as-of", "2016-03-31", *options, stdout=io.StringIO()
        )
    return str(caught.value)


@pytest.mark.django_db
def test_a_truncated_xlsx_is_refused(tmp_path, xlsx_file, already_imported):
    whole = xlsx_file(civil_rows()).read_bytes()
    path = tmp_path / "截断.xlsx"
    path.write_bytes(whole[: len(whole) // 2])

    message = import_error(path, "--department", "民政")

    assert message.startswith("截断.xlsx：Excel 文件已损坏或不完整")
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_binary_file_is_refused(tmp_path, already_imported):
    path = tmp_path / "照片.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    message = import_error(path, "--department", "民政")

    assert (
        message
        == "照片.xlsx：不是 Excel 或 CSV 文件，而是其他二进制文件 (not a spreadsheet or CSV)"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_an_empty_file_is_refused(tmp_path, already_imported):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")

    assert import_error(path, "--department", "民政") == "空.csv：文件为空 (empty file)"
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_file_without_a_header_row_is_refused(csv_file, already_imported):
    path = csv_file([["1", "2", "3"], ["a", "b", "c"]], name="无表头.csv")

    message = import_error(path, "--department", "民政")

    assert message.startswith("无表头.csv：前30行中找不到表头行")
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_mapping_naming_a_missing_column_is_refused(csv_file, tmp_path, already_imported):
    path = csv_file(civil_rows(), name="民政2.csv")
    mapping = tmp_path / "民政.yaml"
    mapping.write_text(
        "department: 民政\ncolumns:\n  name: 社会组织名称\n  uscc: 信用代码\n", encoding="utf-8"
    )

    message = import_error(path, "--mapping", str(mapping))

    assert message.startswith("民政2.csv，字段「uscc」：映射中的列「信用代码」在文件中不存在")
    assert database_state() == already_imported


@pytest.mark.django_db
def test_an_unknown_department_is_refused(csv_file, already_imported):
    path = csv_file(civil_rows(), name="民政3.csv")

    message = import_error(path, "--department", "教育")

    assert message == (
        "民政3.csv，字段「department」：未知部门「教育」，"
        "应为 民政 | 司法 | 财政 | 税务 | 工商 | 备案 (unknown department)"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_two_columns_for_one_field_are_refused_until_a_mapping_chooses(csv_file, already_imported):
    rows = [["社会组织名称", "法人", "住所", "负责人"], ["昆明市摄影家协会", "张三", "", "李四"]]
    path = csv_file(rows, name="两列.csv")

    message = import_error(path, "--department", "民政")

    assert message == (
        "两列.csv，字段「legal_rep」：第2列「法人」和第4列「负责人」都对应「法定代表人」；"
        "请用字段映射文件指定用哪一列，其余列原样保留"
        " (several columns map to legal_rep: a mapping file names the one to use)"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_two_columns_with_the_same_header_are_refused(xlsx_file, already_imported):
    rows = [
        ["序号", "社会组织名称", "统一社会信用代码", "统一社会信用代码"],
        [1, "昆明市摄影家协会"],
    ]
    path = xlsx_file(rows, name="同名列.xlsx")

    message = import_error(path, "--department", "民政")

    assert message.startswith(
        "同名列.xlsx，字段「uscc」：第3列「统一社会信用代码」和第4列「统一社会信用代码(2)」"
        "都对应「统一社会信用代码」；"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_mapped_sheet_without_a_header_is_refused_by_name(tmp_path, already_imported):
    path = write_workbook(
        tmp_path / "民政.xlsx",
        {"说明": [["填表说明"], ["本表由各区填报"]], "登记信息": civil_rows()},
    )
    mapping = tmp_path / "民政.yaml"
    mapping.write_text("sheet: 说明\ncolumns:\n  name: 社会组织名称\n", encoding="utf-8")

    message = import_error(path, "--department", "民政", "--mapping", str(mapping))

    assert message == (
        "民政.xlsx：工作表「说明」的前30行中找不到表头行 (no header row found)；"
        "请检查映射文件的 sheet 和 columns"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_workbook_without_a_header_on_any_sheet_is_refused(tmp_path, already_imported):
    note = [["填表说明"], ["本表由各区填报"]]
    path = write_workbook(tmp_path / "说明.xlsx", {"说明": note, "附表": [["1", "2"]]})

    message = import_error(path, "--department", "民政")

    assert message == (
        "说明.xlsx：工作表「说明」、「附表」的前30行中找不到表头行 (no header row found)；"
        "请提供字段映射文件，或检查文件是否为数据表"
    )
    assert database_state() == already_imported


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_half_way_leaves_the_database_as_it_was(tmp_path):
    rows = [["社会组织名称", "住所", "联系电话"]]
    rows += [[f"昆明市第{i}号协会", f"五华区人民中路{i}号", "65123456"] for i in range(400_000)]
    path = write_csv(tmp_path / "大.csv", rows)
    before = database_state()
    env = {**os.environ, "SHEZU_DATABASE_URL": database_url()}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shezu.cli",
            "census",
            "import",
            str(path),
            "--department",
            "民政",
            "--as-of",
            "2016-03-31",
            "--verbosity",
            "2",
        ],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("rows ") and int(line.split()[1]) >= 50_000:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert process.returncode == -signal.SIGKILL
    assert database_state() == before


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.django_db
def test_a_missing_file_is_refused(tmp_path, already_imported):
    message = import_error(tmp_path / "不存在.xlsx", "--department", "民政")

    assert message == "不存在.xlsx：文件不存在 (file not found)"
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_mapping_of_another_department_is_refused(csv_file, tmp_path, already_imported):
    path = csv_file(civil_rows(), name="民政4.csv")
    mapping = tmp_path / "税务.yaml"
    mapping.write_text("department: 税务\ncolumns:\n  name: 社会组织名称\n", encoding="utf-8")

    message = import_error(path, "--department", "民政", "--mapping", str(mapping))

    assert message == (
        "民政4.csv，字段「department」：映射文件属于「税务」，与导入时指定的部门「民政」不符"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_mapping_naming_several_columns_for_a_field_other_than_phone_is_refused(
    csv_file, tmp_path, already_imported
):
    path = csv_file(civil_rows(), name="民政5.csv")
    mapping = tmp_path / "民政.yaml"
    mapping.write_text("columns:\n  name: [社会组织名称, 序号]\n", encoding="utf-8")

    message = import_error(path, "--department", "民政", "--mapping", str(mapping))

    assert message == (
        "民政.yaml，字段「name」：只有 phone（联系电话）可以对应多列"
        " (only phone may name several columns)"
    )
    assert database_state() == already_imported


@pytest.mark.django_db
def test_a_mapping_file_that_is_not_there_is_named(csv_file, tmp_path, already_imported):
    path = csv_file(civil_rows(), name="民政5.csv")

    message = import_error(path, "--department", "民政", "--mapping", str(tmp_path / "民政.yaml"))

    assert message == "民政.yaml：映射文件不存在 (mapping file not found)"
    assert database_state() == already_imported
