"""Files as departments really send them: what is damaged is reported, everything else kept."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from shezu.census.models import ImportBatch, RejectedRow, SourceRecord
from shezu.census.normalise.record import IDENTIFIER_MAX_LENGTH
from tests.census.intake.test_import import civil_rows, import_command
from tests.factories import write_csv, write_workbook

NOTE = [["填表说明"], ["1. 本表由各区民政局填报。"], ["2. 统一社会信用代码请填写18位。"]]
# A hidden lookup sheet whose first row looks like a header: hidden sheets are never data.
LOOKUP = [["社会组织名称", "统一社会信用代码"], ["示例协会", ""]]


def summary_text(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command(
        "census_import",
        str(path),
        "--department",
        "民政",
        "--as-of",
        "2016-03-31",
        *options,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture(params=[False, True], ids=["calamine", "openpyxl"])
def streamed(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both xlsx readers: calamine, and openpyxl for files of 40 MiB and more."""
    if request.param:
        monkeypatch.setattr("shezu.census.intake.readers.STREAM_XLSX_BYTES", 0)
    return bool(request.param)


# ---------------------------------------------------------------- data on another sheet


@pytest.mark.django_db
def test_data_behind_a_note_sheet_is_read_from_the_first_sheet_with_a_header(tmp_path, streamed):
    path = write_workbook(
        tmp_path / "民政.xlsx",
        {"字典": LOOKUP, "说明": NOTE, "登记信息": civil_rows()},
        hidden={"字典"},
    )

    text = summary_text(path)

    batch = ImportBatch.objects.get()
    assert (batch.sheet, batch.header_row, batch.accepted, batch.rejected) == ("登记信息", 1, 3, 1)
    assert "工作表「登记信息」，表头在第 1 行" in text
    assert SourceRecord.objects.filter(name="昆明市摄影家协会").exists()


@pytest.mark.django_db
def test_the_guessed_mapping_names_the_sheet_the_data_is_on(tmp_path):
    path = write_workbook(tmp_path / "民政.xlsx", {"说明": NOTE, "登记信息": civil_rows()})
    out = io.StringIO()

    call_command("census_mapping", str(path), stdout=out)

    guessed = yaml.safe_load(out.getvalue())
    assert (guessed["sheet"], guessed["header_row"], guessed["columns"]["uscc"]) == (
        "登记信息",
        1,
        "统一社会信用代码",
    )


# ---------------------------------------------------------------- a line in another encoding


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "bad_bytes"),
    [
        ("utf-8", "坏".encode("gbk")),
        ("utf-8-sig", "坏".encode("gbk")),
        ("gb18030", b"\x80"),
    ],
    ids=["utf-8", "utf-8-sig", "gb18030"],
)
def test_a_line_in_another_encoding_is_rejected_and_every_other_row_kept(
    tmp_path, encoding, bad_bytes
):
    # Long remarks carry the good part past the 1 MiB the encoding is proven on.
    remark = "备注" * 250
    lines = ["社会组织名称,住所,备注"]
    lines += [f"昆明市第{i}协会,五华区,{remark}" for i in range(1, 1101)]
    good = "\r\n".join(lines).encode(encoding) + b"\r\n"
    assert len(good) > 1 << 20
    tail = '昆明市多行协会,"五华区\r\n人民中路1号",\r\n昆明市最后协会,盘龙区,\r\n'
    bad = "昆明市".encode(encoding.removesuffix("-sig")) + bad_bytes + ",五华区,\r\n".encode()
    path = tmp_path / "混合编码.csv"
    path.write_bytes(good + bad + tail.encode(encoding.removesuffix("-sig")))

    summary = import_command(path)

    assert (summary["rows_read"], summary["accepted"], summary["rejected"]) == (1103, 1102, 1)
    reject = RejectedRow.objects.get()
    assert reject.row_number == 1101
    assert (
        reject.raw["社会组织名称"].startswith("昆明市") and "\ufffd" in reject.raw["社会组织名称"]
    )
    assert reject.reasons == [
        [
            "encoding",
            f"文件第1102行含有不是 {encoding} 编码的字节（显示为 �），该行无法读取"
            f" (bytes not valid in {encoding})",
        ]
    ]
    multiline = SourceRecord.objects.get(name="昆明市多行协会")
    assert (multiline.row_number, multiline.raw["住所"]) == (1102, "五华区\r\n人民中路1号")
    assert SourceRecord.objects.filter(name="昆明市最后协会", row_number=1103).exists()


@pytest.mark.django_db
def test_a_short_file_with_a_line_in_another_encoding_is_still_read_in_its_own(tmp_path):
    rows = [f"昆明市第{i}协会,五华区\n" for i in range(1, 100)]
    path = tmp_path / "短.csv"
    path.write_bytes(
        "社会组织名称,住所\n".encode()
        + "".join(rows[:50]).encode()
        + "昆明市坏协会,五华区\n".encode("gbk")
        + "".join(rows[50:]).encode()
    )

    summary = import_command(path)

    assert (summary["encoding"], summary["accepted"], summary["rejected"]) == ("utf-8", 99, 1)
    assert RejectedRow.objects.get().reasons[0][1].startswith("文件第52行含有不是 utf-8 编码的字节")


@pytest.mark.django_db
def test_a_cell_too_long_for_its_code_column_is_kept_in_the_raw_row(csv_file):
    too_long = "91530100MJY000012X（2015年换证，原代码见备注）" + "备注" * 10
    rows = [["社会组织名称", "统一社会信用代码"], ["昆明市摄影家协会", too_long]]

    summary = import_command(csv_file(rows))

    record = SourceRecord.objects.get()
    assert (summary["accepted"], record.uscc, record.raw["统一社会信用代码"]) == (1, "", too_long)
    assert {
        name: SourceRecord._meta.get_field(name).max_length for name in IDENTIFIER_MAX_LENGTH
    } == IDENTIFIER_MAX_LENGTH


# ---------------------------------------------------------------- several columns, one field


@pytest.mark.django_db
def test_several_phone_columns_are_combined_in_column_order(csv_file, tmp_path):
    rows = [
        ["社会组织名称", "办公电话", "手机", "备注"],
        ["昆明市摄影家协会", "0871-65123456", "13888888888", ""],
        ["五华区书法家协会", "", "13999999999", ""],
    ]
    path = csv_file(rows)

    summary = import_command(path)

    assert list(SourceRecord.objects.values_list("phones", flat=True)) == [
        "0871-65123456,13888888888",
        "13999999999",
    ]
    assert summary["mapping"]["phone"] == ["办公电话", "手机"]
    assert ImportBatch.objects.get().unmapped_headers == summary["unmapped_headers"] == ["备注"]


@pytest.mark.django_db
def test_the_guessed_mapping_of_several_phone_columns_imports_them_all(csv_file, tmp_path):
    rows = [["社会组织名称", "办公电话", "手机"], ["昆明市摄影家协会", "65123456", "13888888888"]]
    path = csv_file(rows)
    out = io.StringIO()
    call_command("census_mapping", str(path), stdout=out)
    mapping = tmp_path / "民政.yaml"
    mapping.write_text(out.getvalue(), encoding="utf-8")

    import_command(path, "--mapping", str(mapping))

    assert yaml.safe_load(out.getvalue())["columns"]["phone"] == ["办公电话", "手机"]
    assert SourceRecord.objects.get().phones == "0871-65123456,13888888888"


@pytest.mark.django_db
def test_a_mapping_chooses_between_two_columns_for_one_field(csv_file, tmp_path):
    rows = [
        ["社会组织名称", "法人", "负责人", "统一社会信用代码", "统一社会信用代码"],
        ["昆明市摄影家协会", "张三", "李四", "", civil_rows()[1][2]],
    ]
    path = csv_file(rows)
    mapping = tmp_path / "民政.yaml"
    mapping.write_text(
        "columns:\n  name: 社会组织名称\n  legal_rep: 负责人\n  uscc: 统一社会信用代码(2)\n",
        encoding="utf-8",
    )

    summary = import_command(path, "--mapping", str(mapping))

    record = SourceRecord.objects.get()
    assert (record.legal_rep, record.uscc, record.uscc_valid) == ("李四", civil_rows()[1][2], True)
    assert record.raw["法人"] == "张三"
    assert summary["unmapped_headers"] == ["法人", "统一社会信用代码"]


# ---------------------------------------------------------------- rows as Excel numbers them


@pytest.mark.django_db
def test_a_rejected_row_is_named_by_the_row_excel_shows(tmp_path, streamed):
    # Column A and row 1 empty, a title on row 2 and a blank row 3: the header is on row 4.
    rows = [
        [],
        [None, "昆明市社会组织登记信息表"],
        [],
        [None, "社会组织名称", "住所"],
        [None, "昆明市摄影家协会", "五华区"],
        [None, "", "无名无码"],
    ]
    path = write_workbook(tmp_path / "民政.xlsx", {"登记信息": rows})

    text = summary_text(path)

    batch = ImportBatch.objects.get()
    reject = RejectedRow.objects.get()
    assert (batch.header_row, reject.row_number) == (4, 2)
    assert "  退回 第6行 — 名称: 缺少名称，也没有可用的代码，无法识别组织" in text
    assert rejects_workbook_rows(batch, tmp_path) == [6]
    assert SourceRecord.objects.get().raw == {
        "第1列": "",
        "社会组织名称": "昆明市摄影家协会",
        "住所": "五华区",
    }


@pytest.mark.django_db
def test_a_rejected_csv_row_is_named_by_its_line(tmp_path):
    path = write_csv(tmp_path / "民政.csv", civil_rows())

    text = summary_text(path)

    assert RejectedRow.objects.get().row_number == 3
    assert "  退回 第4行 — 名称: 缺少名称" in text
    assert rejects_workbook_rows(ImportBatch.objects.get(), tmp_path) == [4]


def rejects_workbook_rows(batch: ImportBatch, tmp_path: Path) -> list[object]:
    out = tmp_path / "退回.xlsx"
    call_command("census_rejects", str(batch.pk), str(out), stdout=io.StringIO())
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("退回行").to_python()
    assert sheet[0][:2] == ["原文件行号", "退回原因"]
    return [row[0] for row in sheet[1:]]
