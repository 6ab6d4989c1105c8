"""Sealing, keyed lookup and masking of personal data (shezu/personal.py)."""

import pytest
from django.test import override_settings
from stdnum.cn.ric import calc_check_digit

from shezu import personal
from shezu.personal import (
    PersonalDataError,
    id_number_check,
    id_number_masked,
    lookup_hash,
    seal,
    unseal,
)

NUMBER = "11010519491231002X"  # GB 11643's own example
KEY_A = "a1" * 32
KEY_B = "b2" * 32


@pytest.fixture(autouse=True)
def fresh_keys():
    personal.keys_reset()
    yield
    personal.keys_reset()


@override_settings(DATA_KEY=KEY_A)
def test_a_sealed_number_opens_only_for_its_purpose_and_holds_no_plaintext():
    sealed = seal(NUMBER, "member.id_number")

    assert NUMBER not in sealed and "19491231" not in sealed
    assert sealed.startswith("sm4gcm:")
    assert unseal(sealed, "member.id_number") == NUMBER
    assert seal(NUMBER, "member.id_number") != sealed  # a fresh nonce each time
    with pytest.raises(PersonalDataError, match="用途不符"):
        unseal(sealed, "member.phone")


@override_settings(DATA_KEY=KEY_A)
def test_an_altered_sealed_value_is_refused_without_showing_it():
    sealed = seal(NUMBER, "p")
    head, packed = sealed.rsplit(":", 1)
    flipped = packed[:-6] + ("A" if packed[-6] != "A" else "B") + packed[-5:]

    with pytest.raises(PersonalDataError) as refused:
        unseal(f"{head}:{flipped}", "p")
    assert NUMBER not in str(refused.value)
    with pytest.raises(PersonalDataError, match="不是本系统的加密格式"):
        unseal(NUMBER, "p")


def test_an_old_key_still_opens_what_it_sealed_and_new_values_use_the_new_one():
    with override_settings(DATA_KEY=KEY_A):
        old = seal(NUMBER, "p")
    personal.keys_reset()
    with override_settings(DATA_KEY=KEY_B, DATA_KEYS_OLD=[KEY_A]):
        assert unseal(old, "p") == NUMBER
        assert seal(NUMBER, "p").split(":")[1] != old.split(":")[1]
    personal.keys_reset()
    with override_settings(DATA_KEY=KEY_B, DATA_KEYS_OLD=[]), pytest.raises(PersonalDataError):
        unseal(old, "p")


def test_the_lookup_hash_is_stable_per_key_and_differs_between_keys():
    with override_settings(DATA_KEY=KEY_A):
        first, again = lookup_hash(NUMBER), lookup_hash(NUMBER)
    personal.keys_reset()
    with override_settings(DATA_KEY=KEY_B):
        other = lookup_hash(NUMBER)

    assert first == again and len(first) == 64
    assert other != first


def test_a_malformed_master_key_is_named_but_not_shown():
    with override_settings(DATA_KEY="not-hex-secret"), pytest.raises(PersonalDataError) as bad:
        seal(NUMBER, "p")
    assert "SHEZU_DATA_KEY" in str(bad.value) and "not-hex-secret" not in str(bad.value)


def test_without_a_configured_key_one_is_generated_once_into_the_data_folder(tmp_path):
    with override_settings(DATA_KEY="", DATA_DIR=tmp_path):
        sealed = seal(NUMBER, "p")
        key_file = tmp_path / "data.key"
        written = key_file.read_text()
        personal.keys_reset()
        assert unseal(sealed, "p") == NUMBER
    assert len(bytes.fromhex(written)) == 32
    assert key_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("11010519491231002", "应为 18 位"),
        ("1101051949123100XX", "17 位数字加一位数字或 X"),
        ("110105194912310021", "校验位不符"),
        ("110105194913310021", "出生日期不存在"),
        ("990105194912310023", "前六位不是行政区划代码"),
    ],
)
def test_a_bad_id_number_is_refused_naming_the_fault_never_the_number(text, fault):
    with pytest.raises(ValueError) as refused:
        id_number_check(text)

    assert fault in str(refused.value)
    assert text[:10] not in str(refused.value)


def test_an_area_that_existed_later_than_the_birth_is_accepted():
    # 五华区 has had 530102 since 1983; a member born in 1950 carries it all the same.
    body = "53010219500101123"
    number = body + calc_check_digit(body + "0")

    assert id_number_check(number).number == number
    assert id_number_check("５３０１０２ 1950 0101 123" + number[-1]).number == number


def test_a_good_id_number_is_canonical_with_its_birth_date():
    checked = id_number_check(" 11010519491231002x ")

    assert (checked.number, checked.birth_date_iso) == (NUMBER, "1949-12-31")
    assert id_number_masked(checked.number) == "110105********002X"
