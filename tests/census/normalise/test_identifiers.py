"""统一社会信用代码 / 组织机构代码 / 税务登记号 / 工商注册号: validation, cleaning, routing."""

import pytest
from stdnum.cn import uscc as stdnum_uscc
from stdnum.iso7064 import mod_11_2, mod_11_10

from shezu.census.normalise.identifiers import (
    Identifiers,
    IdKind,
    business_reg_no_problem,
    classify,
    clean_code,
    is_valid_business_reg_no,
    is_valid_org_code,
    is_valid_tax_id,
    is_valid_uscc,
    looks_like_lost_precision,
    normalise_identifiers,
    org_code_from_tax_id,
    org_code_from_uscc,
    org_code_problem,
    tax_id_problem,
    uscc_problem,
)

STDNUM_SAMPLE = "91110000600037341L"


# Test-side helpers, written independently of the module under test.
def org_check(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_org(body: str) -> str:
    return body + org_check(body)


def make_uscc(prefix: str, org: str) -> str:
    return prefix + org + stdnum_uscc.calc_check_digit(prefix + org)


def make_reg_no(body: str) -> str:
    return body + mod_11_10.calc_check_digit(body)


def org_body_with_check(wanted: str) -> str:
    return next(b for n in range(10**6) if org_check(b := f"5{n:07d}") == wanted)


def wrong_check(code: str, alphabet: str = "0123456789") -> str:
    return code[:-1] + next(c for c in alphabet if c != code[-1])


ORG = make_org("53001234")  # a social organization's code
USCC = make_uscc("51530102", ORG)  # 民政, 社会团体, 五华区
TAX_ID = "530102" + ORG
REG_NO = make_reg_no("53010000012345")
# A 15-digit number valid both as tax number (its org-code tail checks) and as reg no.
BOTH = next(code for n in range(10**5) if is_valid_tax_id(code := make_reg_no(f"53010201{n:06d}")))
# A 15-digit number that is neither.
NEITHER = next(
    code
    for n in range(10**5)
    if not is_valid_tax_id(code := f"530102{n:09d}") and not is_valid_business_reg_no(code)
)


# --- USCC -------------------------------------------------------------------------------------


def test_stdnum_sample_is_valid() -> None:
    assert is_valid_uscc(STDNUM_SAMPLE)
    assert uscc_problem(STDNUM_SAMPLE) is None
    assert org_code_from_uscc(STDNUM_SAMPLE) == "600037341"


def test_generated_uscc_is_valid_and_agrees_with_stdnum() -> None:
    assert is_valid_uscc(USCC)
    assert stdnum_uscc.is_valid(USCC)


@pytest.mark.parametrize("position", range(18))
def test_one_character_typo_is_invalid_with_reason(position: int) -> None:
    original = STDNUM_SAMPLE[position]
    replacement = "7" if original != "7" else "8"
    typo = STDNUM_SAMPLE[:position] + replacement + STDNUM_SAMPLE[position + 1 :]
    assert not is_valid_uscc(typo)
    assert uscc_problem(typo) == "校验码错误"


def test_position_17_typo_with_recomputed_check_is_caught_by_embedded_org_code() -> None:
    bad_org = wrong_check(ORG)
    forged = make_uscc("51530102", bad_org)
    assert stdnum_uscc.is_valid(forged)  # stdnum alone accepts it
    assert not is_valid_uscc(forged)
    assert uscc_problem(forged) == "内嵌组织机构代码校验码错误"
    assert org_code_from_uscc(forged) is None


def test_code_issued_under_retired_region_is_valid() -> None:
    # 晋宁县 530122 became 晋宁区 530115 in 2016; codes are lifelong.
    code = make_uscc("52530122", make_org("MA6K1234"))
    assert is_valid_uscc(code)
    assert is_valid_tax_id("530122" + ORG)


@pytest.mark.parametrize("department", ["A", "N", "Y"])
def test_letter_department_codes_are_valid(department: str) -> None:
    assert is_valid_uscc(make_uscc(department + "1530102", ORG))


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("9111000060003734", "长度应为18位"),
        ("91110000600037341L1", "长度应为18位"),
        ("91110000600O37341L", "含非法字符"),  # letter O typed for zero: not corrected
        ("9111000060003734IL", "含非法字符"),
        ("0111000060003734" + "1L", "登记管理部门码或机构类别码错误"),
        ("9A110000600037341L", "登记管理部门码或机构类别码错误"),
        ("9111A000600037341L", "登记管理机关行政区划码应为6位数字"),
    ],
)
def test_uscc_problem_reasons(code: str, reason: str) -> None:
    assert uscc_problem(code) == reason
    assert not is_valid_uscc(code)


# --- cleaning ---------------------------------------------------------------------------------


def test_clean_code_folds_width_case_spaces_and_dashes() -> None:
    assert clean_code("９１１１ ００００\u3000６０００３７３４－１ｌ") == STDNUM_SAMPLE
    assert clean_code(" 9111\t0000-6000.3734\u20141l\n") == STDNUM_SAMPLE
    assert clean_code("60003734-1") == "600037341"
    assert clean_code("60003734–1") == "600037341"
    assert clean_code("'91110000600037341L") == STDNUM_SAMPLE


def test_clean_code_never_substitutes_letters_for_digits() -> None:
    assert clean_code("91110000600o37341l") == "91110000600O37341L"


def test_clean_code_drops_float_suffix_of_exact_number() -> None:
    assert clean_code("530102600037341.0") == "530102600037341"


@pytest.mark.parametrize(
    "raw",
    [
        "9.15301E+17",
        "9.15301e17",
        "9.15301E17",
        "9.153010000000001e+17",
        "1E+17",
        "915301000000000000.0",
        " 9.15301E+17 ",
        "９．１５３０１Ｅ＋１７",
    ],
)
def test_lost_precision_detected(raw: str) -> None:
    assert looks_like_lost_precision(raw)


@pytest.mark.parametrize(
    "raw",
    [
        STDNUM_SAMPLE,
        "9153010012345E6789",  # letters are legal in positions 9-17
        "530102600037341.0",  # 15 digits survive a number cell
        "530102600037341",
        "915301000000000000",  # already truncated: undetectable
        "60003734-1",
        "",
    ],
)
def test_lost_precision_not_detected(raw: str) -> None:
    assert not looks_like_lost_precision(raw)


# --- organization code, tax number, business registration number -----------------------------


def test_org_code_sample() -> None:
    assert is_valid_org_code(clean_code("60003734-1"))
    assert not is_valid_org_code("600037342")
    assert org_code_problem("600037342") == "校验码错误"
    assert org_code_problem("60003734") == "长度应为9位"
    assert org_code_problem("6000373#1") == "含非法字符"


@pytest.mark.parametrize("check", ["X", "0"])
def test_org_code_check_10_is_x_and_11_is_zero(check: str) -> None:
    code = org_body_with_check(check) + check
    assert is_valid_org_code(code)
    assert not is_valid_org_code(wrong_check(code))


def test_tax_id_gives_org_code() -> None:
    assert is_valid_tax_id("530102600037341")
    assert org_code_from_tax_id("530102600037341") == "600037341"
    assert org_code_from_tax_id("530102600037342") is None
    assert tax_id_problem("530102600037342") == "内嵌组织机构代码校验码错误"
    assert tax_id_problem("030102600037341") == "前6位应为行政区划码"
    assert tax_id_problem("5301026000373") == "长度应为15位"


def test_business_reg_no() -> None:
    assert is_valid_business_reg_no(REG_NO)
    assert business_reg_no_problem(wrong_check(REG_NO)) == "校验码错误"
    assert business_reg_no_problem("53010000001234A") == "应为15位数字"
    assert business_reg_no_problem("5301000001234") == "长度应为15位"


# --- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "hint", "kind"),
    [
        (STDNUM_SAMPLE, None, IdKind.USCC),
        ("91110000600O37341L", None, IdKind.UNKNOWN),
        ("600037341", None, IdKind.ORG_CODE),
        ("600037342", None, IdKind.ORG_CODE),  # shape only
        ("530102MA6K12345", None, IdKind.TAX_ID),  # letters: cannot be a reg no
        ("53010260003734X", None, IdKind.TAX_ID),
        (TAX_ID, None, IdKind.TAX_ID),
        (REG_NO, None, IdKind.BUSINESS_REG_NO),
        (BOTH, None, IdKind.TAX_ID),
        (BOTH, IdKind.BUSINESS_REG_NO, IdKind.BUSINESS_REG_NO),
        (BOTH, IdKind.TAX_ID, IdKind.TAX_ID),
        (NEITHER, None, IdKind.UNKNOWN),
        (NEITHER, IdKind.USCC, IdKind.UNKNOWN),
        (NEITHER, IdKind.TAX_ID, IdKind.TAX_ID),
        (NEITHER, IdKind.BUSINESS_REG_NO, IdKind.BUSINESS_REG_NO),
        ("12345", None, IdKind.UNKNOWN),
        ("31530000123456789", IdKind.LICENSE_NO, IdKind.UNKNOWN),
    ],
)
def test_classify(code: str, hint: IdKind | None, kind: IdKind) -> None:
    assert classify(code, hint) is kind


# --- normalise_identifiers ---------------------------------------------------------------------


def test_valid_uscc_gives_org_code() -> None:
    ids = normalise_identifiers(uscc=USCC.lower())
    assert ids == Identifiers(
        uscc=USCC, uscc_valid=True, org_code=ORG, org_code_valid=True, org_code_source="uscc"
    )


def test_invalid_uscc_is_kept_exactly_as_cleaned() -> None:
    typo = USCC[:10] + ("1" if USCC[10] != "1" else "2") + USCC[11:]
    ids = normalise_identifiers(uscc=" " + typo.lower()[:9] + "－" + typo.lower()[9:])
    assert ids.uscc == typo
    assert ids.uscc_valid is False
    assert ids.warnings == (("uscc", f"统一社会信用代码校验码错误：{typo}"),)
    # never "corrected", and no org code taken from an invalid credit code
    assert ids.org_code == ""
    assert ids.org_code_source == ""


def test_tax_column_holding_credit_code_fills_uscc() -> None:
    ids = normalise_identifiers(tax_id=USCC)
    assert (ids.uscc, ids.uscc_valid, ids.tax_id, ids.tax_id_valid) == (USCC, True, "", None)
    assert ids.org_code_source == "uscc"
    assert ids.warnings == ()


def test_tax_column_holding_the_same_credit_code_is_merged() -> None:
    ids = normalise_identifiers(uscc=USCC, tax_id=USCC.lower())
    assert (ids.uscc, ids.tax_id, ids.warnings) == (USCC, "", ())


def test_tax_column_holding_a_different_credit_code_keeps_both() -> None:
    other = make_uscc("51530102", make_org("53009999"))
    ids = normalise_identifiers(uscc=USCC, tax_id=other)
    assert (ids.uscc, ids.uscc_valid, ids.tax_id, ids.tax_id_valid) == (USCC, True, other, True)
    assert [field for field, _ in ids.warnings] == ["tax_id"]
    assert USCC in ids.warnings[0][1]


def test_uscc_column_holding_old_tax_number() -> None:
    ids = normalise_identifiers(uscc=TAX_ID)
    assert (ids.uscc, ids.tax_id, ids.tax_id_valid) == ("", TAX_ID, True)
    assert (ids.org_code, ids.org_code_source, ids.org_code_valid) == (ORG, "tax_id", True)


def test_uscc_column_holding_org_code() -> None:
    ids = normalise_identifiers(uscc=ORG[:8] + "-" + ORG[8])
    assert (ids.uscc, ids.org_code, ids.org_code_source, ids.org_code_valid) == (
        "",
        ORG,
        "given",
        True,
    )


def test_uscc_column_holding_business_reg_no() -> None:
    ids = normalise_identifiers(uscc=REG_NO)
    assert (ids.uscc, ids.business_reg_no, ids.business_reg_no_valid) == ("", REG_NO, True)
    assert ids.warnings == ()


def test_uscc_column_holding_unreadable_15_digits_stays_and_is_reported() -> None:
    ids = normalise_identifiers(uscc=NEITHER)
    assert (ids.uscc, ids.uscc_valid) == (NEITHER, False)
    assert ids.warnings == (("uscc", f"统一社会信用代码长度应为18位：{NEITHER}"),)


def test_misplaced_value_disagreeing_with_its_destination_stays_put() -> None:
    other_tax = "530102" + make_org("53009999")
    ids = normalise_identifiers(uscc=other_tax, tax_id=TAX_ID)
    assert (ids.uscc, ids.uscc_valid, ids.tax_id) == (other_tax, False, TAX_ID)
    assert ("uscc", "统一社会信用代码长度应为18位：" + other_tax) in ids.warnings
    assert any(field == "uscc" and "疑为税务登记号" in text for field, text in ids.warnings)


def test_tax_column_digits_valid_only_as_reg_no_are_moved_with_warning() -> None:
    reg_no = next(
        code for n in range(10**5) if not is_valid_tax_id(code := make_reg_no(f"53010201{n:06d}"))
    )
    ids = normalise_identifiers(tax_id=reg_no)
    assert (ids.tax_id, ids.business_reg_no, ids.business_reg_no_valid) == ("", reg_no, True)
    assert [field for field, _ in ids.warnings] == ["tax_id"]


def test_tax_column_digits_valid_as_neither_stay_invalid() -> None:
    ids = normalise_identifiers(tax_id=NEITHER)
    assert (ids.tax_id, ids.tax_id_valid, ids.business_reg_no) == (NEITHER, False, "")
    assert ids.warnings == (("tax_id", f"税务登记号内嵌组织机构代码校验码错误：{NEITHER}"),)


def test_org_code_disagreeing_with_credit_code_is_replaced_with_warning() -> None:
    ids = normalise_identifiers(uscc=USCC, org_code="60003734-1")
    assert (ids.org_code, ids.org_code_source, ids.org_code_valid) == (ORG, "uscc", True)
    assert ids.warnings == (
        ("org_code", f"填写的组织机构代码600037341与统一社会信用代码内嵌的{ORG}不一致，采用后者"),
    )


def test_org_code_from_tax_id_before_given() -> None:
    ids = normalise_identifiers(tax_id=TAX_ID, org_code=ORG)
    assert (ids.org_code, ids.org_code_source, ids.warnings) == (ORG, "tax_id", ())


def test_credit_code_wins_over_tax_id_for_org_code() -> None:
    ids = normalise_identifiers(uscc=USCC, tax_id="530102600037341")
    assert (ids.org_code, ids.org_code_source) == (ORG, "uscc")
    assert [field for field, _ in ids.warnings] == ["tax_id"]


def test_given_org_code_only() -> None:
    ids = normalise_identifiers(org_code="60003734-1")
    assert (ids.org_code, ids.org_code_valid, ids.org_code_source) == ("600037341", True, "given")


def test_invalid_given_org_code_is_kept_with_warning() -> None:
    ids = normalise_identifiers(org_code="60003734-2")
    assert (ids.org_code, ids.org_code_valid, ids.org_code_source) == ("600037342", False, "given")
    assert ids.warnings == (("org_code", "组织机构代码校验码错误：600037342"),)


def test_individual_tax_numbers_are_kept_without_judgement() -> None:
    resident = "53010219800101123" + mod_11_2.calc_check_digit("53010219800101123")
    for number in (resident, resident + "01"):
        ids = normalise_identifiers(tax_id=number)
        assert (ids.tax_id, ids.tax_id_valid, ids.uscc, ids.warnings) == (number, None, "", ())


def test_tax_column_holding_invalid_credit_code_stays_with_warning() -> None:
    typo = wrong_check(USCC, "0123456789ABCDEFGHJKLMNPQRTUWXY")
    ids = normalise_identifiers(tax_id=typo)
    assert (ids.uscc, ids.tax_id, ids.tax_id_valid) == ("", typo, False)
    assert ids.warnings == (("tax_id", f"纳税人识别号（统一社会信用代码）校验码错误：{typo}"),)


@pytest.mark.parametrize("empty", ["", "  ", "无", "/", "-", "暂无", "——", "\u3000"])
def test_empty_markers(empty: str) -> None:
    ids = normalise_identifiers(
        uscc=empty, org_code=empty, tax_id=empty, business_reg_no=empty, license_no=empty
    )
    assert ids == Identifiers()


def test_a_value_that_lost_digits_is_kept_as_written_and_marked_unusable() -> None:
    ids = normalise_identifiers(uscc=" 9.15301E+17 ", org_code=ORG)

    assert (ids.uscc, ids.uscc_valid, ids.lost_precision) == ("9.15301E+17", False, ("uscc",))
    assert ids.warnings == (
        (
            "uscc",
            "统一社会信用代码「9.15301E+17」被表格存成了数字，末尾数位已丢失，不用于比对；"
            "请将该列设为文本后重新导出 (stored as a number, digits lost: kept, never matched)",
        ),
    )
    assert (ids.org_code, ids.org_code_valid, ids.org_code_source) == (ORG, True, "given")


@pytest.mark.parametrize(
    ("column", "written"),
    [
        ("org_code", "9.15301E+17"),
        ("tax_id", "5.15301E+17"),
        ("business_reg_no", "530102600037341234.0"),
    ],
)
def test_every_code_column_keeps_a_value_that_lost_digits_in_its_own_field(
    column: str, written: str
) -> None:
    ids = normalise_identifiers(**{column: written})

    assert (getattr(ids, column), getattr(ids, f"{column}_valid")) == (written, False)
    assert ids.lost_precision == (column,)
    assert [field for field, _ in ids.warnings] == [column]


def test_a_licence_number_that_lost_digits_is_kept_as_written() -> None:
    ids = normalise_identifiers(license_no="1.53012E+16")

    assert (ids.license_no, ids.lost_precision) == ("1.53012E+16", ("license_no",))
    assert "执业许可证号「1.53012E+16」" in ids.warnings[0][1]


def test_a_usable_code_moved_into_a_field_wins_over_one_that_lost_digits() -> None:
    ids = normalise_identifiers(uscc="9.15301E+17", tax_id=USCC)

    assert (ids.uscc, ids.uscc_valid, ids.tax_id) == (USCC, True, "")
    assert ids.lost_precision == ("uscc",)


def test_an_org_code_that_lost_digits_gives_way_to_the_one_in_the_credit_code() -> None:
    ids = normalise_identifiers(uscc=USCC, org_code="9.15301E+17")

    assert (ids.org_code, ids.org_code_valid, ids.org_code_source) == (USCC[8:17], True, "uscc")
    assert [field for field, _ in ids.warnings] == ["org_code"]


def test_license_no_is_only_cleaned() -> None:
    ids = normalise_identifiers(license_no=" ３１５３０００００１２３-４５６ab ")
    assert ids == Identifiers(license_no="315300000123456AB")


def test_swapped_columns_are_both_routed() -> None:
    ids = normalise_identifiers(uscc=REG_NO, business_reg_no=USCC)
    assert (ids.uscc, ids.uscc_valid, ids.business_reg_no, ids.business_reg_no_valid) == (
        USCC,
        True,
        REG_NO,
        True,
    )
    assert ids.warnings == ()


def test_clean_code_drops_csv_text_marker() -> None:
    assert clean_code('="91110000600037341L"') == STDNUM_SAMPLE


def test_a_number_valid_as_both_old_kinds_goes_where_the_department_kept_it() -> None:
    both = "530100115893830"  # a 工商 registration number whose last 9 also pass GB 11714
    assert is_valid_business_reg_no(both) and is_valid_tax_id(both)

    from_finance = normalise_identifiers(uscc=both, legacy_kind=IdKind.BUSINESS_REG_NO)
    from_tax = normalise_identifiers(uscc=both, legacy_kind=IdKind.TAX_ID)

    assert (from_finance.business_reg_no, from_finance.tax_id, from_finance.org_code) == (
        both,
        "",
        "",
    )
    assert (from_tax.tax_id, from_tax.org_code, from_tax.org_code_source) == (
        both,
        "115893830",
        "tax_id",
    )
