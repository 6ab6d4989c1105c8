"""A department file's preview before a web import, and the mapping from the clerk's
choice per column."""

from collections.abc import Callable
from pathlib import Path

import pytest

from shezu.census.api import IntakeError, mapping_from_choices, table_preview
from shezu.census.intake.mapping import column_plan, table_locate

HEADER = ["单位名称", "统一社会信用代码", "统一社会信用代码", "办公电话", "手机", "备注"]


def rows(count: int) -> list[list[object]]:
    return [HEADER] + [
        [f"协会{n}", "", "", "65123456", "13888888888", ""] for n in range(1, count + 1)
    ]


def test_a_workbook_preview_finds_the_header_row_and_guesses_each_field_once(
    xlsx_file: Callable[..., Path],
) -> None:
    path = xlsx_file([["填报说明"], [], *rows(12)], name="工商.xlsx", sheet="登记")

    preview = table_preview(path)

    assert (preview.file, preview.sheet, preview.header_row) == ("工商.xlsx", "登记", 3)
    assert preview.headers == [
        "单位名称", "统一社会信用代码", "统一社会信用代码(2)", "办公电话", "手机", "备注",
    ]  # fmt: skip
    # The second credit-code column is left for the clerk; phones may be several.
    assert preview.guessed == ["name", "uscc", None, "phone", "phone", None]
    assert preview.rows_total == 12 and len(preview.rows) == 10
    assert preview.rows[0] == ["协会1", "", "", "65123456", "13888888888", ""]


def test_the_choices_make_a_mapping_that_batch_import_reads_as_chosen(
    csv_file: Callable[..., Path],
) -> None:
    path = csv_file(rows(2), name="工商.csv")
    preview = table_preview(path)

    # The clerk takes the second credit-code column, which the department keeps current.
    mapping = mapping_from_choices(
        preview, ["name", None, "uscc", "phone", "phone", None], department="工商"
    )

    assert dict(mapping.columns) == {
        "name": "单位名称",
        "uscc": "统一社会信用代码(2)",
        "phone": ["办公电话", "手机"],
    }
    assert (mapping.department, mapping.sheet, mapping.header_row) == ("工商", None, 1)
    located = table_locate(path, mapping)
    plan = column_plan(located.header, mapping, file=path.name)
    assert plan.field_index["uscc"] == 2 and plan.phone_columns == (3, 4)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (
            [None, "uscc", None, None, None, None],
            "工商.csv：没有选择名称列 (no column maps to `name`)",
        ),
        (
            ["name", "uscc", "uscc", None, None, None],
            "工商.csv，字段「uscc」：「统一社会信用代码」和「统一社会信用代码(2)」都选为"
            "「统一社会信用代码」；每个字段只能选一列",
        ),
        (
            ["name", "nonsense", None, None, None, None],
            "工商.csv，字段「nonsense」：未知字段「nonsense」",
        ),
    ],
)
def test_choices_that_cannot_be_imported_are_refused_with_one_line(
    csv_file: Callable[..., Path], choices: list[str | None], message: str
) -> None:
    preview = table_preview(csv_file(rows(1), name="工商.csv"))

    with pytest.raises(IntakeError) as raised:
        mapping_from_choices(preview, choices, department="工商")

    assert str(raised.value) == message
