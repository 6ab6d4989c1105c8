"""What every shezu command shares: dates as clerks type them, output paths checked first,
and mistakes told in one Chinese line."""

import argparse
import datetime as dt
import errno

import pytest

from shezu.commands import (
    argument_error_text,
    full_date,
    output_file,
    output_folder,
    path_error_text,
    positive,
)


@pytest.mark.parametrize(
    "typed",
    [
        "2016-03-31",
        "2016/3/31",
        "2016/03/31",
        "2016.3.31",
        "2016年3月31日",
        "20160331",
        "２０１６年３月３１日",
        " 2016-3-31 ",
    ],
)
def test_a_whole_date_is_read_in_every_way_clerks_write_it(typed):
    assert full_date(typed) == dt.date(2016, 3, 31)


@pytest.mark.parametrize(
    "typed",
    ["2016-03", "2016年3月", "201603", "2016", "42460", "2016-02-30", "1900-01-01", "", "明天"],
)
def test_a_month_a_year_a_serial_number_or_an_impossible_day_is_not_a_date(typed):
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        full_date(typed)

    assert str(refused.value) == (
        f"「{typed}」不是完整的日期，可写作 2016-03-31、2016/3/31、2016.3.31、2016年3月31日 或 "
        "20160331 (a full date: year, month and day)"
    )


def refusal(check, path: object) -> str:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        check(str(path))
    return str(refused.value)


def test_an_output_file_needs_an_existing_folder_that_is_a_folder(tmp_path):
    plain = tmp_path / "普通文件.txt"
    plain.write_text("")

    assert output_file(str(tmp_path / "台账.xlsx")) == tmp_path / "台账.xlsx"
    assert refusal(output_file, tmp_path / "没有" / "台账.xlsx") == (
        f"文件夹「{tmp_path / '没有'}」不存在 (no such folder)"
    )
    assert refusal(output_file, plain / "台账.xlsx") == f"「{plain}」不是文件夹 (not a folder)"
    assert refusal(output_file, tmp_path) == (
        f"「{tmp_path}」是文件夹，请给出文件名 (a folder, not a file)"
    )


def test_an_output_folder_may_be_missing_but_not_inside_a_file(tmp_path):
    plain = tmp_path / "普通文件.txt"
    plain.write_text("")

    assert output_folder(str(tmp_path / "新" / "核实任务")) == tmp_path / "新" / "核实任务"
    assert refusal(output_folder, plain / "核实任务") == f"「{plain}」不是文件夹 (not a folder)"
    assert not (tmp_path / "新").exists()  # checked, not created


@pytest.mark.parametrize(
    ("argparse_says", "shown"),
    [
        (
            "Error: the following arguments are required: FILE, --as-of",
            "缺少参数 FILE, --as-of (the following arguments are required: FILE, --as-of)",
        ),
        (
            "Error: unrecognized arguments: --bogus",
            "无法识别的参数 --bogus (unrecognized arguments: --bogus)",
        ),
        (
            "Error: argument --engine: invalid choice: 'foo' (choose from 'duckdb', 'spark')",
            "参数 --engine 不能是 'foo'，可选 'duckdb', 'spark' "
            "(argument --engine: invalid choice: 'foo' (choose from 'duckdb', 'spark'))",
        ),
        (
            "Error: argument BATCH: invalid int value: 'abc'",
            "参数 BATCH 应为数字，而不是 'abc' (argument BATCH: invalid int value: 'abc')",
        ),
        (
            "Error: argument --as-of: 「2016」不是完整的日期 (a full date)",
            "参数 --as-of：「2016」不是完整的日期 (a full date)",
        ),
    ],
)
def test_argparse_mistakes_read_in_chinese_first(argparse_says, shown):
    assert argument_error_text(argparse_says) == shown


def test_a_refused_path_is_named_with_the_reason_in_chinese():
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/数据/台账.xlsx")
    full = OSError(errno.ENOSPC, "No space left on device")

    assert path_error_text(missing) == (
        "「/数据/台账.xlsx」：文件或文件夹不存在 (No such file or directory)"
    )
    assert path_error_text(full) == "磁盘空间不足 (No space left on device)"


def test_a_count_of_rows_is_a_whole_number_of_at_least_one():
    assert positive("12") == 12
    for typed in ["0", "-3", "abc", "2.5", ""]:
        with pytest.raises(argparse.ArgumentTypeError, match=f"应为正整数，而不是「{typed}」"):
            positive(typed)
