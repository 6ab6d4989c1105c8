"""Organization identifiers (机构代码): credit code, org code, tax and registration numbers.

Covers 统一社会信用代码, 组织机构代码, 税务登记号, 工商注册号 and 执业许可证号.

- 统一社会信用代码 (USCC, GB 32100-2015): 18 characters; positions 9-17 are the
  organization code, position 18 a MOD 31 check character (python-stdnum).
- 组织机构代码 (GB 11714-1997): 8 characters + a MOD 11 check character.
- 税务登记号 (old unit tax number): 6-digit region code + organization code.
- 工商注册号 (GS15-2006): 15 digits, ISO 7064 MOD 11,10 check digit.

Nothing here ever corrects a code: an invalid value is kept as written (after
cleaning) and reported. Region codes are never checked against current lists,
because codes are lifelong and outlive retired regions (晋宁县 530122).
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from stdnum.cn import uscc as _stdnum_uscc
from stdnum.iso7064 import mod_11_2, mod_11_10

from shezu.census.labels import FIELD_LABELS

__all__ = [
    "EMPTY_MARKERS",
    "IdKind",
    "Identifiers",
    "business_reg_no_problem",
    "classify",
    "clean_code",
    "is_valid_business_reg_no",
    "is_valid_org_code",
    "is_valid_tax_id",
    "is_valid_uscc",
    "looks_like_lost_precision",
    "normalise_identifiers",
    "org_code_from_tax_id",
    "org_code_from_uscc",
    "org_code_problem",
    "tax_id_problem",
    "uscc_problem",
]


class IdKind(StrEnum):
    USCC = "uscc"
    ORG_CODE = "org_code"
    TAX_ID = "tax_id"
    BUSINESS_REG_NO = "business_reg_no"
    LICENSE_NO = "license_no"
    UNKNOWN = "unknown"


# Placeholders departments type into an empty cell (compared after clean_code).
EMPTY_MARKERS: frozenset[str] = frozenset(
    {"", "无", "/", "\\", "暂无", "没有", "空", "NULL", "NONE", "NAN", "N/A", "NA", "0"}
)

# --- cleaning ---------------------------------------------------------------------------------

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc\u2500"
_DOTS = ".\u00b7\u2022\u2027\u30fb\uff0e\uff61\u3002"
_QUOTES = "'\"`\u2018\u2019\u201c\u201d"
# Every str.isspace() character plus the zero-width ones Excel exports carry.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\u200c\u200d\ufeff"
_CLEAN_TABLE: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_CLEAN_TABLE.update({ord(c): None for c in _DASHES + _DOTS + _QUOTES + _SPACES})
_FOLD_TABLE: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD_TABLE.update({0x3000: 0x20})

# A whole number rendered as a float ("530102600037341.0"): the ".0" is not part of the code.
_FLOAT_INTEGER = re.compile(r"\s*(\d+)\.0+\s*")
# Excel / Python scientific notation. A mantissa dot or an exponent sign is required, so a
# real code such as 9153010012345E6789 (letters are legal in positions 9-17) is not caught.
_SCIENTIFIC = re.compile(r"\s*[+-]?(?:\d+\.\d*[eE][+-]?\d+|\d+[eE][+-]\d+)\s*")
# Excel keeps 15 significant digits; a float rendering with more has lost some.
_EXACT_DIGITS = 15


def clean_code(raw: str) -> str:
    """Fold full width to half width, drop whitespace, dashes, dots and quotes, upper-case.

    The CSV text marker ``="…"`` is dropped too. A whole number rendered as a float
    (``530102600037341.0``) loses its ``.0`` rather than having the dot dropped. Letters
    are never swapped for digits (O → 0 would be a correction, not a format fix).
    """
    if "." in raw:
        match = _FLOAT_INTEGER.fullmatch(raw)
        if match is not None:
            return match.group(1)
    return raw.translate(_CLEAN_TABLE).upper().lstrip("=")


def looks_like_lost_precision(raw: str) -> bool:
    """True if the text is what a long number becomes after a spreadsheet stored it as a number.

    Detects scientific notation (``9.15301E+17``, ``9.15301e17``, ``9.153010000000001e+17``)
    and float renderings with more than 15 integer digits (``915301000000000000.0``). An
    18-digit string that already lost its tail (``915301000000000000``) cannot be detected.
    """
    text = raw if raw.isascii() else raw.translate(_FOLD_TABLE)
    if "." not in text and "e" not in text and "E" not in text:
        return False
    if _SCIENTIFIC.fullmatch(text) is not None:
        return True
    match = _FLOAT_INTEGER.fullmatch(text)
    return match is not None and len(match.group(1).lstrip("0")) > _EXACT_DIGITS


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


# --- 组织机构代码 GB 11714 --------------------------------------------------------------------

_ORG_VALUE = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_SHAPE = re.compile(r"[0-9A-Z]{8}[0-9X]")


def _org_check_char(body: str) -> str:
    total = sum(_ORG_VALUE[c] * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


@lru_cache(maxsize=65536)
def org_code_problem(code: str) -> str | None:
    """None if ``code`` (cleaned, 9 characters) is a valid organization code, else the reason."""
    if _ORG_SHAPE.fullmatch(code) is None:
        return "长度应为9位" if len(code) != 9 else "含非法字符"
    if _org_check_char(code[:8]) != code[8]:
        return "校验码错误"
    return None


def is_valid_org_code(code: str) -> bool:
    """GB 11714: 8 characters [0-9A-Z] + check (weights 3 7 9 10 5 8 4 2; 10 → X, 11 → 0)."""
    return len(code) == 9 and org_code_problem(code) is None


# --- 统一社会信用代码 GB 32100 ----------------------------------------------------------------

_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
# 登记管理部门 (position 1): 1-9, A 军委编制, N 农业, Y other. python-stdnum requires
# positions 1-8 to be digits and would reject A/N/Y codes, so only its check is used.
_USCC_DEPARTMENTS = frozenset("123456789ANY")
_USCC_SHAPE = re.compile(r"[1-9ANY]\d{7}[0-9A-HJ-NP-RTUW-Y]{10}")


def _uscc_shape_problem(code: str) -> str | None:
    if _USCC_SHAPE.fullmatch(code) is not None:
        return None
    if len(code) != 18:
        return "长度应为18位"
    if not all(c in _USCC_ALPHABET for c in code):
        return "含非法字符"
    if code[0] not in _USCC_DEPARTMENTS or not _is_ascii_digits(code[1]):
        return "登记管理部门码或机构类别码错误"
    if not _is_ascii_digits(code[2:8]):
        return "登记管理机关行政区划码应为6位数字"
    return None


@lru_cache(maxsize=65536)
def uscc_problem(code: str) -> str | None:
    """None if ``code`` is a valid USCC, else a short Chinese reason.

    Checks length, alphabet, positions 1-8, the check character (python-stdnum) and the
    embedded organization code's own GB 11714 check, which python-stdnum does not check:
    a typo in position 17 followed by a recomputed position 18 is caught only by the latter.
    """
    problem = _uscc_shape_problem(code)
    if problem is not None:
        return problem
    if _stdnum_uscc.calc_check_digit(code) != code[17]:
        return "校验码错误"
    if not is_valid_org_code(code[8:17]):
        return "内嵌组织机构代码校验码错误"
    return None


def is_valid_uscc(code: str) -> bool:
    """GB 32100-2015 credit code, including the embedded organization code's check."""
    return uscc_problem(code) is None


def org_code_from_uscc(code: str) -> str | None:
    """Positions 9-17 of a USCC, if the code has USCC shape and that part is a valid org code."""
    if _uscc_shape_problem(code) is not None:
        return None
    org = code[8:17]
    return org if is_valid_org_code(org) else None


# --- 税务登记号 --------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def tax_id_problem(code: str) -> str | None:
    """None if ``code`` is a valid 15-character unit tax number, else the reason."""
    if len(code) != 15:
        return "长度应为15位"
    if not _is_ascii_digits(code[:6]) or code[0] in "09":
        return "前6位应为行政区划码"
    problem = org_code_problem(code[6:])
    return None if problem is None else f"内嵌组织机构代码{problem}"


def is_valid_tax_id(code: str) -> bool:
    """15 characters: a 6-digit region code (first digit 1-8) + a valid organization code."""
    return len(code) == 15 and tax_id_problem(code) is None


def org_code_from_tax_id(code: str) -> str | None:
    """Positions 7-15 of a 15-character tax number, if it is valid."""
    return code[6:] if is_valid_tax_id(code) else None


# An individual's tax number is a resident ID (18) or a resident ID + 2 digits (20).
_RESIDENT_ID = re.compile(r"\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")


def _is_individual_tax_id(code: str) -> bool:
    if len(code) == 20:
        if not _is_ascii_digits(code[18:]):
            return False
        code = code[:18]
    return (
        len(code) == 18
        and _RESIDENT_ID.fullmatch(code) is not None
        and mod_11_2.is_valid(code)
        and not is_valid_uscc(code)
    )


# --- 工商注册号 --------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def business_reg_no_problem(code: str) -> str | None:
    """None if ``code`` is a valid 15-digit business registration number, else the reason."""
    if len(code) != 15:
        return "长度应为15位"
    if not _is_ascii_digits(code):
        return "应为15位数字"
    if mod_11_10.checksum(code) != 1:
        return "校验码错误"
    return None


def is_valid_business_reg_no(code: str) -> bool:
    """15 digits with an ISO 7064 MOD 11,10 check digit (GB/T 17710)."""
    return len(code) == 15 and business_reg_no_problem(code) is None


# --- classification ---------------------------------------------------------------------------

_TAX_SHAPE = re.compile(r"[1-8]\d{5}[0-9A-Z]{8}[0-9X]")
_LEGACY_HINTS = (IdKind.TAX_ID, IdKind.BUSINESS_REG_NO)


def classify(code: str, hint: IdKind | None = None) -> IdKind:
    """The kind of identifier a cleaned code is, by shape.

    18 characters of the USCC alphabet with a department character and digits in
    positions 2-8 → USCC; 9 → ORG_CODE; 15 with 6 leading digits and a letter in the last
    9, or whose last 9 are a valid org code → TAX_ID; 15 digits passing MOD 11,10 →
    BUSINESS_REG_NO. 15 digits valid as both or as neither → ``hint`` (the column the
    value came from) if it is TAX_ID or BUSINESS_REG_NO; as both without such a hint →
    TAX_ID; as neither → UNKNOWN. LICENSE_NO is never returned (licences have no shape).
    """
    length = len(code)
    if length == 18:
        return IdKind.USCC if _uscc_shape_problem(code) is None else IdKind.UNKNOWN
    if length == 9:
        return IdKind.ORG_CODE if _ORG_SHAPE.fullmatch(code) is not None else IdKind.UNKNOWN
    if length != 15:
        return IdKind.UNKNOWN
    if not _is_ascii_digits(code):
        return IdKind.TAX_ID if _TAX_SHAPE.fullmatch(code) is not None else IdKind.UNKNOWN
    as_tax = is_valid_tax_id(code)
    as_reg = is_valid_business_reg_no(code)
    if as_tax and as_reg:
        return hint if hint in _LEGACY_HINTS else IdKind.TAX_ID
    if as_tax:
        return IdKind.TAX_ID
    if as_reg:
        return IdKind.BUSINESS_REG_NO
    return hint if hint in _LEGACY_HINTS else IdKind.UNKNOWN


# --- a row's identifiers ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identifiers:
    uscc: str = ""
    uscc_valid: bool | None = None
    org_code: str = ""
    org_code_valid: bool | None = None
    org_code_source: str = ""  # "given" | "uscc" | "tax_id"
    tax_id: str = ""
    tax_id_valid: bool | None = None
    business_reg_no: str = ""
    business_reg_no_valid: bool | None = None
    license_no: str = ""
    warnings: tuple[tuple[str, str], ...] = ()  # (field, Chinese message)
    lost_precision: tuple[str, ...] = ()  # fields holding a value that lost digits


def _destination(column: str, code: str, legacy_kind: IdKind | None = None) -> str:
    """The field a cleaned value from ``column`` belongs in.

    ``legacy_kind`` decides a 15-digit value valid both as a tax and as a registration
    number when its column is neither (a 统一社会信用代码/注册号 column): the sending
    department knows which generation it kept.
    """
    if column == "tax_id" and len(code) in (18, 20) and _is_individual_tax_id(code):
        return "tax_id"
    own = IdKind(column)
    kind = classify(code, own if own in _LEGACY_HINTS else legacy_kind)
    if kind is IdKind.UNKNOWN:
        return column
    if kind is IdKind.USCC and column == "tax_id" and not is_valid_uscc(code):
        # An 18-character tax number that is neither a valid credit code nor a valid
        # resident ID: report it where it was written.
        return column
    return kind.value


def _tax_id_validity(code: str) -> tuple[bool | None, str | None]:
    """A tax number is the old 15-character one, a credit code, or an individual's number."""
    if len(code) in (18, 20) and _is_individual_tax_id(code):
        return None, None
    problem = uscc_problem(code) if len(code) == 18 else tax_id_problem(code)
    return problem is None, problem


def _clean_given(raw: str) -> str:
    code = clean_code(raw)
    return "" if code in EMPTY_MARKERS else code


def normalise_identifiers(
    *,
    uscc: str = "",
    org_code: str = "",
    tax_id: str = "",
    business_reg_no: str = "",
    license_no: str = "",
    legacy_kind: IdKind | None = None,
) -> Identifiers:
    """Clean, route, validate and cross-check one row's identifiers.

    Values written in the wrong column are moved by shape (a credit code in the tax
    column fills ``uscc``; a tax number, org code or registration number in the credit
    code column goes to its own field). A moved value that disagrees with what its
    destination already holds stays where it was written, with a warning. Invalid values
    are kept as cleaned, with ``*_valid=False`` and a warning.

    A value a spreadsheet stored as a number (``9.15301E+17``) has lost digits for good: it
    is kept as written in its own column's field, marked invalid (``*_valid=False``; a
    licence number has no flag and is recognised by ``looks_like_lost_precision``),
    warned about and named in ``lost_precision``. It is never moved, never yields an
    organization code and gives way to a usable value moved into its field.
    """
    warnings: list[tuple[str, str]] = []
    damaged: dict[str, str] = {}
    slots = _route(
        {"uscc": uscc, "org_code": org_code, "tax_id": tax_id, "business_reg_no": business_reg_no},
        warnings,
        damaged,
        legacy_kind,
    )

    new_uscc = slots.get("uscc", "")
    uscc_valid: bool | None = None
    org_from_uscc: str | None = None
    if new_uscc:
        problem = uscc_problem(new_uscc)
        uscc_valid = problem is None
        if problem is None:
            org_from_uscc = new_uscc[8:17]
        else:
            warnings.append(("uscc", f"统一社会信用代码{problem}：{new_uscc}"))
    elif "uscc" in damaged:
        new_uscc, uscc_valid = damaged["uscc"], False

    new_tax = slots.get("tax_id", "")
    tax_valid: bool | None = None
    org_from_tax: str | None = None
    if new_tax:
        tax_valid, problem = _tax_id_validity(new_tax)
        if problem is not None:
            label = "纳税人识别号（统一社会信用代码）" if len(new_tax) == 18 else "税务登记号"
            warnings.append(("tax_id", f"{label}{problem}：{new_tax}"))
        elif tax_valid and len(new_tax) == 15:
            org_from_tax = new_tax[6:]
    elif "tax_id" in damaged:
        new_tax, tax_valid = damaged["tax_id"], False

    new_reg = slots.get("business_reg_no", "")
    reg_valid: bool | None = None
    if new_reg:
        problem = business_reg_no_problem(new_reg)
        reg_valid = problem is None
        if problem is not None:
            warnings.append(("business_reg_no", f"工商注册号{problem}：{new_reg}"))
    elif "business_reg_no" in damaged:
        new_reg, reg_valid = damaged["business_reg_no"], False

    given_org = slots.get("org_code", "")
    final_org, org_valid, org_source = "", None, ""
    if org_from_uscc is not None and org_from_tax is not None and org_from_tax != org_from_uscc:
        warnings.append(
            ("tax_id", f"税务登记号内嵌的组织机构代码{org_from_tax}与统一社会信用代码不一致")
        )
    if org_from_uscc is not None or org_from_tax is not None:
        org_source = "uscc" if org_from_uscc is not None else "tax_id"
        final_org = org_from_uscc or org_from_tax or ""
        org_valid = True
        if given_org and given_org != final_org:
            warnings.append(
                (
                    "org_code",
                    f"填写的组织机构代码{given_org}与{FIELD_LABELS[org_source]}内嵌的"
                    f"{final_org}不一致，采用后者",
                )
            )
    elif given_org:
        final_org, org_source = given_org, "given"
        problem = org_code_problem(given_org)
        org_valid = problem is None
        if problem is not None:
            warnings.append(("org_code", f"组织机构代码{problem}：{given_org}"))
    elif "org_code" in damaged:
        final_org, org_valid, org_source = damaged["org_code"], False, "given"

    license_clean = ""
    if license_no:
        if looks_like_lost_precision(license_no):
            license_clean = damaged["license_no"] = license_no.strip()
            warnings.append(("license_no", _lost_message("license_no", license_clean)))
        else:
            license_clean = _clean_given(license_no)

    return Identifiers(
        uscc=new_uscc,
        uscc_valid=uscc_valid,
        org_code=final_org,
        org_code_valid=org_valid,
        org_code_source=org_source,
        tax_id=new_tax,
        tax_id_valid=tax_valid,
        business_reg_no=new_reg,
        business_reg_no_valid=reg_valid,
        license_no=license_clean,
        warnings=tuple(warnings),
        lost_precision=tuple(damaged),
    )


def _lost_message(column: str, written: str) -> str:
    return (
        f"{FIELD_LABELS[column]}「{written}」被表格存成了数字，末尾数位已丢失，不用于比对；"
        "请将该列设为文本后重新导出 (stored as a number, digits lost: kept, never matched)"
    )


def _route(
    given: dict[str, str],
    warnings: list[tuple[str, str]],
    damaged: dict[str, str],
    legacy_kind: IdKind | None = None,
) -> dict[str, str]:
    """Cleaned values by the field they belong in: own-column values first, then moved ones.

    Values that lost digits go to ``damaged`` as written (stripped, not cleaned: cleaning
    would drop the dot of 9.15301E+17 and hide what happened to it).
    """
    slots: dict[str, str] = {}
    moves: list[tuple[str, str, str]] = []
    for column, raw in given.items():
        if not raw:
            continue
        if looks_like_lost_precision(raw):
            damaged[column] = raw.strip()
            warnings.append((column, _lost_message(column, damaged[column])))
            continue
        code = _clean_given(raw)
        if not code:
            continue
        destination = _destination(column, code, legacy_kind)
        if destination == column:
            slots[column] = code
        else:
            moves.append((column, destination, code))
    for column, destination, code in moves:
        held = slots.get(destination)
        if held is None:
            slots[destination] = code
            if _is_ambiguous_digits(column, code):
                label, other = FIELD_LABELS[column], FIELD_LABELS[destination]
                warnings.append(
                    (column, f"{code}不是有效的{label}，但符合{other}校验，已作为{other}")
                )
        elif held != code:
            label = FIELD_LABELS[destination]
            if column in slots:  # its own field was taken by another moved value meanwhile
                warnings.append((column, f"疑为{label}，与该列的{held}不一致，未采用：{code}"))
            else:
                slots[column] = code
                warnings.append((column, f"疑为{label}，与该列的{held}不一致，保留原值"))
    return slots


def _is_ambiguous_digits(column: str, code: str) -> bool:
    """A 15-digit value that failed as its column's kind but passed as the other legacy kind."""
    if len(code) != 15 or not _is_ascii_digits(code):
        return False
    if column == "tax_id":
        return not is_valid_tax_id(code)
    if column == "business_reg_no":
        return not is_valid_business_reg_no(code)
    return False
