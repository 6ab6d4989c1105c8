"""Identifiers of the demo organizations, and the ways department files garble them.

Every code is computed here (the demo does not import the project's validators,
so that the tests of those validators can use the demo as independent data):

* unified social credit code (USCC, GB 32100-2015) — check via python-stdnum;
* organization code (组织机构代码, GB 11714) — weights 3,7,9,10,5,8,4,2;
* old 15-digit tax number (税务登记号) — tax-office region + organization code;
* old 15-digit business registration number (工商注册号, GS15-2006) — ISO 7064 MOD 11,10.

Codes must be unique per organization: bodies are drawn from affine permutations
of an organization's serial number, never from a random draw.
"""

import random

from stdnum.cn import uscc as stdnum_uscc
from stdnum.iso7064 import mod_11_10

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Serial spaces: 9,000,000 bodies per registrar group; 9xxxxxx is reserved for
# the few organizations whose credit code must consist of digits only.
SERIAL_SPACE = 9_000_000
_MULTIPLIER = 7_368_787  # coprime with 9,000,000 (not divisible by 2, 3 or 5)
_MA_SPACE = 31**5


def permute(serial: int, seed: int, space: int = SERIAL_SPACE) -> int:
    """A bijection of range(space) that scatters consecutive serials."""
    if not 0 <= serial < space:
        raise ValueError(f"serial {serial} outside 0..{space - 1}")
    return (serial * _MULTIPLIER + seed * 104_729 + 12_345) % space


def org_code_check(body: str) -> str:
    """GB 11714 check character for an 8-character body."""
    total = sum(_ORG_CODE_CHARS.index(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def org_code(body: str) -> str:
    """Organization code with its check character: 9 characters, no hyphen."""
    return body + org_code_check(body)


def numeric_org_code(prefix: str, serial: int, seed: int) -> str:
    """An old-style numeric organization code: prefix digit + 7 scattered digits."""
    return org_code(f"{prefix}{permute(serial, seed):07d}")


def new_org_code(serial: int, seed: int) -> str:
    """A post-2015 organization code of the form MA + 6 characters (enterprises)."""
    value = permute(serial, seed, _MA_SPACE)
    chars = []
    for _ in range(5):
        value, digit = divmod(value, 31)
        chars.append(USCC_ALPHABET[digit])
    return org_code("MA" + str(1 + serial % 9) + "".join(reversed(chars)))


def uscc(dept_category: str, region: str, code: str) -> str:
    """USCC from registration dept + category (2 chars), region (6) and organization code (9)."""
    body = dept_category + region + code
    if len(body) != 17:
        raise ValueError(f"bad USCC body {body!r}")
    return body + stdnum_uscc.calc_check_digit(body)


def uscc_is_valid(code: str) -> bool:
    return stdnum_uscc.is_valid(code)


def digits_only_uscc(
    dept_category: str, region: str, prefix: str, slot: int, tries: int = 60
) -> tuple[str, str]:
    """(organization code, USCC) made of digits only, from the reserved body range.

    Only such a code can be typed into a number cell; the 15-significant-digit
    value Excel keeps must then fail the check, so that nobody "repairs" it.
    """
    for j in range(tries):
        code = org_code(f"{prefix}9{slot * tries + j:06d}")
        credit = uscc(dept_category, region, code)
        if credit.isdigit() and not uscc_is_valid(excel_number_text(credit)):
            return code, credit
    raise RuntimeError("no digits-only credit code found")  # pragma: no cover


def old_tax_number(tax_region: str, code: str) -> str:
    """Pre-2015 unit tax registration number: region of the tax office + organization code."""
    return tax_region + code


def unrelated_tax_number(tax_region: str, k: int, category: str) -> str:
    """A number the tax office gave on its own (临时税务登记号): region + L + 8 digits.

    Its last 9 characters never pass the organization-code check, so it is a tax number
    that says nothing about the organization code — linkage must do without it.
    """
    serial = (sum(map(ord, category)) * 1_000_003 + k) % 10_000_000
    body = f"L{serial:07d}"
    check = org_code_check(body)
    wrong = next(d for d in "0123456789" if d != check)
    return f"{tax_region}{body}{wrong}"


def registration_number(authority_region: str, sequence: int) -> str:
    """工商注册号: authority (6) + domestic sequence (8, first digit 1) + MOD 11,10 check."""
    body = f"{authority_region}1{sequence:07d}"
    return body + mod_11_10.calc_check_digit(body)


def registration_number_is_valid(number: str) -> bool:
    return len(number) == 15 and number.isdigit() and mod_11_10.is_valid(number)


def hyphenated_org_code(code: str) -> str:
    """The printed form 50123456-7."""
    return f"{code[:8]}-{code[8:]}"


# ---------------------------------------------------------------- garbling


def to_full_width(text: str) -> str:
    """Digits and Latin letters to full width (１２３ＡＢ)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def spaced(code: str, rng: random.Random) -> str:
    """Spaces typed into a code: groups of 4, or one stray space."""
    if rng.random() < 0.5:
        return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
    cut = rng.randrange(1, len(code))
    return code[:cut] + " " + code[cut:]


def mistyped(code: str, rng: random.Random, *, checked_from: int = 0) -> str:
    """One digit replaced by another where a check covers it, so that the check then fails."""
    positions = [i for i, c in enumerate(code[:-1]) if c.isdigit() and i >= checked_from]
    i = rng.choice(positions)
    wrong = rng.choice([d for d in "0123456789" if d != code[i]])
    return code[:i] + wrong + code[i + 1 :]


def excel_number(code: str) -> float:
    """What an Excel number cell keeps of a long digit string: 15 significant digits."""
    return float(code[:15] + "0" * (len(code) - 15)) if len(code) > 15 else float(code)


def excel_number_text(code: str) -> str:
    """The integer an importer would read back from `excel_number` (digits lost)."""
    return f"{int(excel_number(code)):d}"


def excel_general_text(code: str) -> str:
    """How Excel's 'General' format shows, and saves to CSV, a long number: 9.15301E+17."""
    mantissa, exponent = f"{float(code):.5E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E+{int(exponent):02d}"
