"""How each department garbles names and identifiers, with the share of each kind of noise.

Every function returns the value written and the noise tags applied, so that the
ground truth can say which row carries which noise (noise.csv).
"""

import random
from dataclasses import dataclass

from shezu.demo.census import codes, naming
from shezu.demo.census.naming import Name


@dataclass(frozen=True, slots=True)
class NameNoise:
    """Shares (0..1) of each kind of name noise in one department's rows."""

    prefix: float = 0.03  # with/without 云南省/昆明市/district
    typo: float = 0.005  # one-character homophone (pinyin input)
    near_shape: float = 0.002  # one character that looks alike (形近字)
    brackets: float = 0.1  # full ↔ half width, of names with brackets
    inner_space: float = 0.01
    trailing_space: float = 0.03
    preparing: float = 0.0  # （筹）
    company_form: float = 0.0  # 有限公司 ↔ 有限责任公司
    abbreviation: float = 0.0  # 昆明市个私协会, of organizations having one
    drop_trade: float = 0.0  # 行业协会 → 协会


@dataclass(frozen=True, slots=True)
class CodeNoise:
    lower: float = 0.015  # of codes with letters
    spaced: float = 0.015
    full_width: float = 0.01
    mistyped: float = 0.008  # check digit then fails


NAME_NOISE = {
    "民政": NameNoise(preparing=0.01),
    "司法": NameNoise(prefix=0.05, typo=0.01, brackets=0.3, inner_space=0.02),
    "财政": NameNoise(prefix=0.1, typo=0.01, near_shape=0.005, brackets=0.3, company_form=0.15),
    "税务": NameNoise(
        prefix=0.35,
        typo=0.03,
        near_shape=0.01,
        brackets=0.3,
        inner_space=0.03,
        trailing_space=0.06,
        preparing=0.02,
        company_form=0.15,
        abbreviation=0.6,
        drop_trade=0.2,
    ),
    "工商": NameNoise(
        prefix=0.05,
        typo=0.005,
        near_shape=0.005,
        brackets=0.2,
        trailing_space=0.02,
        company_form=0.1,
    ),
    "备案": NameNoise(
        prefix=0.1, typo=0.02, near_shape=0.01, brackets=0.0, inner_space=0.03, trailing_space=0.04
    ),
}
CODE_NOISE = {
    "民政": CodeNoise(),
    "司法": CodeNoise(lower=0.02, spaced=0.02),
    "财政": CodeNoise(spaced=0.02),
    "税务": CodeNoise(lower=0.03, spaced=0.02, full_width=0.015, mistyped=0.01),
    "工商": CodeNoise(lower=0.01, spaced=0.01, full_width=0.005, mistyped=0.005),
    "备案": CodeNoise(0, 0, 0, 0),
}


def noisy_name(
    name: Name, rng: random.Random, noise: NameNoise, *, county_name: str, township: str = ""
) -> tuple[str, list[str]]:
    """A department's spelling of a name, and the noise tags it carries."""
    tags: list[str] = []
    text = name.full
    abbreviated = naming.ABBREVIATIONS.get(text)
    if abbreviated and rng.random() < noise.abbreviation:
        text = abbreviated
        tags.append("name_abbreviation")
    elif name.kind == "community" and rng.random() < noise.prefix:
        # just 舞蹈队 (the community column says whose), or with the township in front
        text = name.core if rng.random() < 0.3 else township + text
        tags.append("name_prefix")
    elif name.kind != "community" and rng.random() < noise.prefix:
        varied = naming.prefix_variant(name, rng, county_name)
        if varied != text:
            text = varied
            tags.append("name_prefix")
    if "行业协会" in text and rng.random() < noise.drop_trade:
        text = text.replace("行业协会", "协会")
        tags.append("name_short_form")
    if rng.random() < noise.company_form and text.endswith("公司"):
        text = naming.swap_company_form(text)
        tags.append("name_company_form")
    if rng.random() < noise.preparing and not text.endswith("）"):
        text += rng.choice(("（筹）", "(筹)", "（筹）"))
        tags.append("name_preparing")
    if rng.random() < noise.typo:
        typo = naming.homophone_typo(text, rng)
        if typo != text:
            text = typo
            tags.append("name_typo")
    if rng.random() < noise.near_shape:
        typo = naming.near_shape_typo(text, rng)
        if typo != text:
            text = typo
            tags.append("name_near_shape")
    if rng.random() < noise.brackets and any(c in text for c in "（）()"):
        text = naming.swap_bracket_width(text)
        tags.append("name_brackets")
    if rng.random() < noise.inner_space:
        # After the region, or anywhere (a street clerk's stray full-width space).
        head = next((p for p in _region_heads(county_name) if text.startswith(p)), "")
        cut = len(head) if head and rng.random() < 0.6 else rng.randrange(1, max(len(text), 2))
        if 0 < cut < len(text):
            text = text[:cut] + rng.choice((" ", "　", "　")) + text[cut:]
            tags.append("name_space")
    if rng.random() < noise.trailing_space:
        text += rng.choice((" ", "  ", "　"))
        tags.append("name_trailing_space")
    return text, tags


def noisy_code(
    code: str, rng: random.Random, noise: CodeNoise, tag: str, *, checked_from: int = 0
) -> tuple[str, list[str]]:
    """A code as typed by a department: perhaps lower case, spaced, full width or mistyped.

    A mistyped digit falls where a check digit covers it (`checked_from`: the old tax
    number's region has no check), so that validation notices it.
    """
    if not code:
        return "", []
    roll = rng.random()
    if roll < noise.mistyped:
        return codes.mistyped(code, rng, checked_from=checked_from), [f"{tag}_mistyped"]
    roll -= noise.mistyped
    if roll < noise.lower and any(c.isalpha() for c in code):
        return code.lower(), [f"{tag}_lower"]
    roll -= noise.lower
    if roll < noise.spaced:
        return codes.spaced(code, rng), [f"{tag}_spaced"]
    roll -= noise.spaced
    if roll < noise.full_width:
        return codes.to_full_width(code), [f"{tag}_full_width"]
    return code, []


def _region_heads(county_name: str) -> tuple[str, ...]:
    """Region prefixes a name may start with, longest first: where a typed space would go."""
    return ("云南省昆明市", "昆明市" + county_name, "云南省", "昆明市", county_name, "云南", "昆明")
