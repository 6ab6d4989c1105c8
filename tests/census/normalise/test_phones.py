"""联系电话: Kunming landlines, other area codes, mobiles, several per cell, fragments."""

import pytest

from shezu.census.normalise.phones import normalise_phones

KUNMING = "0871-65123456"
MOBILE = "13888888888"


@pytest.mark.parametrize(
    "raw",
    [
        "0871-65123456",
        "(0871)65123456",
        "（0871）65123456",
        "(0871) 6512-3456",
        "0871 6512 3456",
        "087165123456",
        "65123456",
        "+86 871 65123456",
        "+86-871-65123456",
        "86-871-65123456",
        "0086 871 6512 3456",
        "+86 (0871) 65123456",
        "０８７１－６５１２３４５６",
        "（０８７１）６５１２３４５６",
        "65123456转801",
        "0871-65123456 转 801",
        "65123456 ext. 801",
        "65123456-801",
        "0871-65123456-801",
        "电话：0871-65123456",
        " 0871-65123456 ",
    ],
)
def test_kunming_landline_notations(raw: str) -> None:
    assert normalise_phones(raw) == ((KUNMING,), ())


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("010-62345678", "010-62345678"),
        ("(021)62345678", "021-62345678"),
        ("0691-2123456", "0691-2123456"),
        ("0874 3123456", "0874-3123456"),
        ("+86 10 62345678", "010-62345678"),
        ("400-123-4567", "400-123-4567"),
    ],
)
def test_other_area_codes(raw: str, number: str) -> None:
    assert normalise_phones(raw) == ((number,), ())


@pytest.mark.parametrize(
    "raw",
    [
        "13888888888",
        "138 8888 8888",
        "138-8888-8888",
        "+86 138 8888 8888",
        "+8613888888888",
        "86 13888888888",
        "86-13888888888",
        "013888888888",
        "１３８８８８８８８８８",
        "手机：13888888888",
        "0871-13888888888",
    ],
)
def test_mobiles(raw: str) -> None:
    assert normalise_phones(raw) == ((MOBILE,), ())


@pytest.mark.parametrize(
    "raw",
    [
        "0871-65123456，13888888888",
        "0871-65123456,13888888888",
        "0871-65123456、13888888888",
        "0871-65123456;13888888888",
        "0871-65123456；13888888888",
        "0871-65123456/13888888888",
        "0871-65123456 13888888888",
        "0871-65123456\u300013888888888",
        "0871-65123456或13888888888",
        "0871-65123456\n13888888888",
        "0871-65123456\r\n13888888888",
        "65123456 / 138 8888 8888",
        "0871-65123456，13888888888，65123456",  # duplicate dropped
        "电话：0871-65123456 手机：13888888888",
    ],
)
def test_several_numbers_in_one_cell(raw: str) -> None:
    assert normalise_phones(raw) == ((KUNMING, MOBILE), ())


def test_order_is_kept() -> None:
    assert normalise_phones("13888888888、65123456、13888888888") == ((MOBILE, KUNMING), ())


def test_two_landlines_separated_by_spaces() -> None:
    assert normalise_phones("0871 65123456 0871 65123457") == (
        (KUNMING, "0871-65123457"),
        (),
    )


def test_two_mobiles_run_together() -> None:
    assert normalise_phones("1388888888813999999999") == ((MOBILE, "13999999999"), ())


@pytest.mark.parametrize(
    ("raw", "numbers"),
    [
        (13888888888, (MOBILE,)),
        (13888888888.0, (MOBILE,)),
        (65123456, (KUNMING,)),
        (65123456.0, (KUNMING,)),
        (87165123456, (KUNMING,)),  # 087165123456 typed into a number cell
        (87165123456.0, (KUNMING,)),
    ],
)
def test_excel_number_cells(raw: object, numbers: tuple[str, ...]) -> None:
    assert normalise_phones(raw) == (numbers, ())


@pytest.mark.parametrize("raw", [None, "", "   ", "无", "暂无", "/", "-", float("nan")])
def test_empty(raw: object) -> None:
    assert normalise_phones(raw) == ((), ())


@pytest.mark.parametrize(
    ("raw", "fragments"),
    [
        ("6512345", ("6512345",)),  # 7 digits: Kunming numbers have 8
        ("0871-6512345", ("0871-6512345",)),
        ("0871-35123456", ("0871-35123456",)),  # Kunming numbers start with 5-8
        ("12345", ("12345",)),
        ("abc", ("abc",)),
        ("见备注", ("见备注",)),
        ("1388888888", ("1388888888",)),  # 10-digit mobile
        (6512345.5, ("6512345.5",)),
        (True, ("True",)),
    ],
)
def test_unreadable_fragments(raw: object, fragments: tuple[str, ...]) -> None:
    assert normalise_phones(raw) == ((), fragments)


def test_readable_and_unreadable_parts_of_one_cell() -> None:
    assert normalise_phones("张老师 13888888888；6512345") == ((MOBILE,), ("张老师", "6512345"))
    assert normalise_phones("0871-65123456，无") == ((KUNMING,), ())
