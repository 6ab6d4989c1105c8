"""Personal data at rest (个人信息保护): citizen ID numbers sealed, found by a keyed hash,
shown masked.

An ID number (公民身份号码) is stored three ways, none of them the number itself:

- `seal(text, purpose)` — SM4 in GCM mode (the national standard cipher the
  cryptography assessment, 密评 GB/T 39786 §8.4 e, expects for important data at rest),
  authenticated with the purpose, so a sealed value moved to another column does not open;
- `lookup_hash(text)` — HMAC-SM3 under a separate key: an exact search ("who holds
  5301…?") compares hashes and never opens a sealed value;
- `id_number_masked(number)` — `530102********1234`: the area and the last four, which is
  what most roles see and what lists print.

The keys come from one master key, `SHEZU_DATA_KEY` (64 hex digits). Production must set
it (settings refuse to start without it when DEBUG is off) and keep it apart from the
database backups; a development machine gets one generated into the data folder. Each
sealed value names the key it was sealed under, so a new master key can be introduced
while old values still open (`SHEZU_DATA_KEYS_OLD`, comma separated). Key handling stays
behind these functions so that a certified key module can replace it.

Nothing here logs or puts a number in an exception message.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac as std_hmac
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

SEALED_PREFIX = "sm4gcm"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_FILE = "data.key"


class PersonalDataError(Exception):
    """A sealed value that does not open: wrong key, altered, or not a sealed value."""


@dataclass(frozen=True)
class _Keys:
    key_id: str  # 8 hex digits naming the master key, stored with each sealed value
    seal: bytes  # 16 bytes for SM4
    lookup: bytes  # 32 bytes for HMAC-SM3


def _derive(master: bytes) -> _Keys:
    def hkdf(info: bytes, length: int) -> bytes:
        return HKDF(algorithm=hashes.SM3(), length=length, salt=None, info=info).derive(master)

    return _Keys(
        key_id=hkdf(b"shezu key id", 4).hex(),
        seal=hkdf(b"shezu seal sm4", 16),
        lookup=hkdf(b"shezu lookup hmac-sm3", 32),
    )


def _master_from_text(text: str, *, name: str) -> bytes:
    try:
        master = bytes.fromhex(text.strip())
    except ValueError:
        master = b""
    if len(master) != 32:
        # The message names the setting, never its value.
        raise PersonalDataError(f"{name} 须为 64 位十六进制数字（32 字节）")
    return master


def _development_master() -> bytes:
    """A key generated once into the data folder, for machines without SHEZU_DATA_KEY."""
    path = Path(settings.DATA_DIR) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_hex(32))
    return _master_from_text(path.read_text(), name=str(path))


@functools.cache
def _keyring() -> tuple[_Keys, dict[str, _Keys]]:
    """The current keys, and every key (current and old) by id."""
    configured = getattr(settings, "DATA_KEY", "")
    master = (
        _master_from_text(configured, name="SHEZU_DATA_KEY")
        if configured
        else _development_master()
    )
    current = _derive(master)
    every = {current.key_id: current}
    for number, old in enumerate(getattr(settings, "DATA_KEYS_OLD", ()), start=1):
        keys = _derive(_master_from_text(old, name=f"SHEZU_DATA_KEYS_OLD 第{number}个"))
        every.setdefault(keys.key_id, keys)
    return current, every


def keys_reset() -> None:
    """Forget the keys read so far (after settings change: tests, key rotation)."""
    _keyring.cache_clear()


def seal(text: str, purpose: str) -> str:
    """`text` encrypted with SM4-GCM, bound to `purpose` (e.g. "member.id_number")."""
    keys, _ = _keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(keys.seal), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(purpose.encode())
    body = encryptor.update(text.encode()) + encryptor.finalize()
    packed = base64.b64encode(nonce + body + encryptor.tag).decode()
    return f"{SEALED_PREFIX}:{keys.key_id}:{packed}"


def unseal(sealed: str, purpose: str) -> str:
    """The text `seal(text, purpose)` sealed; PersonalDataError when it does not open."""
    prefix, _, rest = sealed.partition(":")
    key_id, _, packed = rest.partition(":")
    _, every = _keyring()
    keys = every.get(key_id)
    if prefix != SEALED_PREFIX or keys is None:
        raise PersonalDataError("加密数据无法解开：不是本系统的加密格式，或密钥已不在")
    try:
        raw = base64.b64decode(packed, validate=True)
    except binascii.Error as error:
        raise PersonalDataError("加密数据已损坏") from error
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    if len(tag) != TAG_BYTES or len(nonce) != NONCE_BYTES:
        raise PersonalDataError("加密数据已损坏")
    decryptor = Cipher(algorithms.SM4(keys.seal), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(purpose.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as error:
        raise PersonalDataError("加密数据无法解开：已被改动，或用途不符") from error


def lookup_hash(text: str) -> str:
    """HMAC-SM3 of the text under the lookup key, as 64 hex digits: equal texts, equal
    hashes; without the key, no way back to the text or to test a guess."""
    keys, _ = _keyring()
    mac = hmac.HMAC(keys.lookup, hashes.SM3())
    mac.update(text.encode())
    return mac.finalize().hex()


def hashes_equal(first: str, second: str) -> bool:
    return std_hmac.compare_digest(first, second)


# ---------------------------------------------------------------------------
# Citizen ID numbers (公民身份号码, GB 11643-1999)


@dataclass(frozen=True)
class IdNumber:
    """A checked ID number: its canonical form (upper-case X) and the birth date in it."""

    number: str
    birth_date_iso: str


def id_number_check(text: str) -> IdNumber:
    """The ID number in `text` (spaces, full-width digits, a lower-case x allowed) when its
    length, area, birth date and GB 11643 check digit hold; ValueError naming the fault,
    never the number.

    The area must be one that GB/T 2260 has ever had. python-stdnum's own `validate` also
    asks that the area existed in the birth year, which refuses every member of 五华区
    born before 1984: numbers were issued in the 1980s and 1990s under the areas of the
    day, and people keep them when areas are renamed or recoded.
    """
    number = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    if len(number) != 18:
        raise ValueError(_ID_FAULTS["length"])
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise ValueError(_ID_FAULTS["format"])
    if number[-1] != ric.calc_check_digit(number):
        raise ValueError(_ID_FAULTS["checksum"])
    try:
        born = ric.get_birth_date(number)
    except StdnumError:
        raise ValueError(_ID_FAULTS["birth_date"]) from None
    known = {key for _, found in numdb.get("cn/loc").info(number[:6]) for key in found}
    if "county" not in known:
        raise ValueError(_ID_FAULTS["area"])
    return IdNumber(number=number, birth_date_iso=born.isoformat())


_ID_FAULTS = {
    "length": "公民身份号码应为 18 位",
    "format": "公民身份号码应为 17 位数字加一位数字或 X",
    "checksum": "公民身份号码校验位不符",
    "birth_date": "公民身份号码中的出生日期不存在",
    "area": "公民身份号码的前六位不是行政区划代码",
}


def id_number_masked(number: str) -> str:
    """`530102********1234`: the six digits of the area and the last four."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:6]}{'*' * 8}{number[-4:]}"
