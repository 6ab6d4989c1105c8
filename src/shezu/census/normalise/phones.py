"""Contact phone numbers (联系电话): landlines and mobiles, several per cell.

Landlines become ``0AAA-NNNNNNNN`` (Kunming: ``0871-65123456``; a bare 8-digit number
starting with 5-8 is taken as a Kunming number), mobiles ``13888888888``, 400/800
service numbers ``400-123-4567``. Country code 86, brackets, spaces, dashes, full-width
digits and extensions (转801, ext. 801, -801) are dropped. Whatever cannot be read is
returned as a fragment for a warning, never guessed into a number.
"""

import math
import re
from functools import lru_cache

__all__ = ["DEFAULT_AREA_CODE", "normalise_phones"]

DEFAULT_AREA_CODE = "0871"

Phones = tuple[tuple[str, ...], tuple[str, ...]]
_NOTHING: Phones = ((), ())

_EMPTY = frozenset({"", "无", "暂无", "没有", "空", "/", "\\", "-", "--", "NULL", "NONE", "NAN"})
_FOLD: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD.update({c: 0x2D for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212)})
_FOLD.update({0x3000: 0x20, 0x3001: 0x2C, 0x3010: 0x28, 0x3011: 0x29})

# Between numbers: ， , 、 ; ； / | newline, and the word 或. Spaces are handled later,
# because "0871 6512 3456" and "138 8888 8888" are single numbers.
_SPLIT = re.compile(r"[,;/|\n\r]+|或|及")
_EXTENSION = re.compile(r"(?:转|分机号?|内线|ext|extn|x)\s*[.:]?\s*\d{1,6}", re.IGNORECASE)
_LABEL = re.compile(
    r"(?:联系)?(?:电话|手机|座机|固话|办公室|办公|传真|tel|phone|mobile|fax)(?:号码|号)?",
    re.IGNORECASE,
)
# Digit runs, and runs of anything that is neither a digit nor a separator inside a number.
_TOKEN = re.compile(r"\d+|[^\d\s()\[\]+\-.:·]+")
_SIMPLE_LANDLINE = re.compile(r"\(?(0\d{2,3})\)?[- ]?(\d{7,8})")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_AREA_CODE = re.compile(r"0\d{2,3}")
_MAX_TOKENS = 5  # "+86 871 6512 3456" is five digit runs
_MAX_EXTENSION = 5


def _national(digits: str) -> tuple[str, bool] | None:
    """(formatted, is_landline) for a number without country code, or None."""
    length = len(digits)
    first = digits[0]
    if length == 11 and first == "1":
        return (digits, False) if _MOBILE.fullmatch(digits) else None
    if length == 8:
        return (f"{DEFAULT_AREA_CODE}-{digits}", True) if first in "5678" else None
    if first == "0" and length >= 10:
        if length == 12 and _MOBILE.fullmatch(digits, 1):  # 0 + mobile, dialled long-distance
            return digits[1:], False
        second = digits[1]
        if digits.startswith("010") or second == "2":
            area, local = digits[:3], digits[3:]
        elif second in "3456789":
            area, local = digits[:4], digits[4:]
        else:
            return None
        if area == DEFAULT_AREA_CODE:
            valid = len(local) == 8 and local[0] in "5678"
        else:
            valid = len(local) in (7, 8) and local[0] not in "01"
        return (f"{area}-{local}", True) if valid else None
    if length == 11 and digits.startswith(DEFAULT_AREA_CODE[1:]) and digits[3] in "5678":
        # A number cell drops the leading 0 of 087165123456.
        return f"{DEFAULT_AREA_CODE}-{digits[3:]}", True
    if length == 10 and digits.startswith(("400", "800")):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", False
    return None


def _interpret(digits: str) -> tuple[str, bool] | None:
    """A run of digits as one number, with or without the country code 86."""
    found = _national(digits)
    if found is not None:
        return found
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) >= len(prefix) + 10:
            rest = digits[len(prefix) :]
            if rest[0] != "0" and _MOBILE.fullmatch(rest) is None:
                rest = "0" + rest  # +86 871 65123456: the trunk 0 is dropped after 86
            return _national(rest)
    return None


def _read_piece(piece: str, numbers: list[str], fragments: list[str]) -> None:
    piece = _LABEL.sub(" ", _EXTENSION.sub(" ", piece))
    matches = list(_TOKEN.finditer(piece))
    tokens = [match.group() for match in matches]
    count = len(tokens)
    after_landline = False
    failed_from = -1  # start of a run of digit groups that read as nothing, for the fragment

    def flush(upto: int) -> None:
        nonlocal failed_from
        if failed_from >= 0:
            fragments.append(piece[failed_from:upto].strip(" -.:()[]+"))
            failed_from = -1

    i = 0
    while i < count:
        token = tokens[i]
        if not token.isdigit():
            flush(matches[i].start())
            if token.upper() not in _EMPTY:
                fragments.append(token)
            after_landline = False
            i += 1
            continue
        end = i
        while end < count and end - i < _MAX_TOKENS and tokens[end].isdigit():
            end += 1
        # The longest run of adjacent digit groups that reads as one number wins.
        for stop in range(end, i, -1):
            found = _interpret("".join(tokens[i:stop]))
            if found is not None:
                flush(matches[i].start())
                numbers.append(found[0])
                after_landline = found[1]
                i = stop
                break
        else:
            if after_landline and len(token) <= _MAX_EXTENSION:
                pass  # 0871-65123456-801: an extension
            elif _AREA_CODE.fullmatch(token) and i + 1 < end and _is_mobile(tokens[i + 1]):
                pass  # 0871-13888888888: an area code written before a mobile
            elif len(token) in (22, 33) and all(
                _MOBILE.fullmatch(token, start, start + 11) for start in range(0, len(token), 11)
            ):
                flush(matches[i].start())
                numbers.extend(token[start : start + 11] for start in range(0, len(token), 11))
            elif failed_from < 0:
                failed_from = matches[i].start()
            after_landline = False
            i += 1
    flush(len(piece))


def _is_mobile(digits: str) -> bool:
    found = _interpret(digits)
    return found is not None and not found[1]


@lru_cache(maxsize=65536)
def _parse_text(raw: str) -> Phones:
    text = raw.translate(_FOLD).strip()
    if text.upper() in _EMPTY:
        return _NOTHING
    # The common cases: one number, as bare digits or as (0AAA)NNNNNNNN / 0AAA-NNNNNNNN.
    if text.isascii() and text.isdigit():
        found = _national(text)
        if found is not None:
            return (found[0],), ()
    elif (match := _SIMPLE_LANDLINE.fullmatch(text)) is not None:
        found = _national(match.group(1) + match.group(2))
        if found is not None:
            return (found[0],), ()
    numbers: list[str] = []
    fragments: list[str] = []
    for piece in _SPLIT.split(text):
        piece = piece.strip()
        if piece.upper() not in _EMPTY:
            _read_piece(piece, numbers, fragments)
    return tuple(dict.fromkeys(numbers)), tuple(dict.fromkeys(fragments))


def normalise_phones(raw: object) -> Phones:
    """(numbers, unreadable fragments) from one contact-phone cell.

    Numbers are de-duplicated in order of appearance. ``None``, blank and 无 give
    ``((), ())``. Number cells (``13888888888`` or ``65123456.0``) are read as text.
    """
    if raw is None:
        return _NOTHING
    if isinstance(raw, str):
        return _parse_text(raw)
    if isinstance(raw, bool):
        return (), (str(raw),)
    if isinstance(raw, int):
        return _parse_text(str(raw))
    if isinstance(raw, float):
        if math.isnan(raw):
            return _NOTHING
        if raw.is_integer():
            return _parse_text(str(int(raw)))
        return (), (repr(raw),)
    return _parse_text(str(raw))
