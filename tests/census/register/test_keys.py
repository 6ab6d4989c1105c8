"""Name keys (名称检索键): every way people write a name, derived once, looked up by equality."""

import pytest

from shezu.census.register.keys import initials_typed, name_keys, pinyin_initials


def test_pinyin_initials_take_the_first_letter_of_each_character():
    assert pinyin_initials("昆明市摄影家协会") == ("kmssyjxh",)


def test_digits_and_latin_letters_stand_for_themselves_and_brackets_are_dropped():
    assert pinyin_initials("昆明市第1中学（ABC）") == ("kmsd1zxabc",)


def test_a_polyphone_is_also_read_as_people_read_it_the_reading_in_context_first():
    # pypinyin reads 市长 (mayor) in 昆明市长乐…; a person reads 长乐 (Changle).
    variants = pinyin_initials("昆明市长乐会计师事务所")

    assert variants[0] == "kmszlkjssws"
    assert "kmsclkjssws" in variants
    assert all(v[5] == "k" for v in variants)  # 会计 is kuài: its rare reading is no variant


def test_a_rare_reading_makes_no_variant():
    assert pinyin_initials("五华区书法家协会") == ("whqsfjxh",)  # not 区 ōu, 家 gū, 会 kuài


def test_a_name_with_many_polyphones_keeps_only_two_readings():
    variants = pinyin_initials("长乐重行朝藏调协会")

    assert len(variants) == 2


def test_a_name_without_anything_to_read_has_no_initials():
    assert pinyin_initials("（）") == ()


def test_the_keys_of_a_name_are_its_normalised_form_core_initials_and_former_names():
    keys = name_keys("五华区书法家协会", ["五华区 书法协会", ""])

    assert keys == {
        ("name", "五华区书法家协会"),
        ("name_core", "书法家"),
        ("name_initials", "whqsfjxh"),
        ("name_initials", "sfjxh"),  # typed without the region
        ("former_name", "五华区书法协会"),
    }


def test_a_name_is_keyed_in_its_normalised_form():
    keys = name_keys("昆明市 摄影家协会(筹)", [])

    assert ("name", "昆明市摄影家协会") in keys


def test_an_organization_without_a_name_is_found_by_its_former_names_only():
    assert name_keys("", ["昆明市摄影协会"]) == {("former_name", "昆明市摄影协会")}


@pytest.mark.parametrize(
    ("typed", "key"),
    [("kmssyjxh", "kmssyjxh"), (" KMSSYJXH ", "kmssyjxh"), ("ｋｍｓｓ", "kmss"), ("km-d1", "kmd1")],
)
def test_initials_are_typed_in_any_case_or_width(typed, key):
    assert initials_typed(typed) == key


@pytest.mark.parametrize("typed", ["昆明", "12345", "", "  "])
def test_chinese_or_digits_alone_are_no_initials(typed):
    assert initials_typed(typed) == ""
