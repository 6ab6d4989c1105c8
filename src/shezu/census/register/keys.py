"""How people write an organization's name, as keys to find it by (名称检索键).

A clerk types 昆明摄影家协会 for 昆明市摄影家协会, a department still lists it under its
former name (曾用名), a street list calls it 摄影家协会, and someone in a hurry types the
pinyin initials (拼音首字母) kmssyjxh. The register stores each way as a row of
`OrganizationNameKey`, so a search is an indexed equality, whatever the register's size;
the search normalises what was typed with the same functions.

Pure Python, no Django: the link run, field verification and the migration that keyed
existing registers all call `name_keys`. pypinyin is imported on first use.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Final

from shezu.census.normalise.names import normalise_name

__all__ = ["initials_typed", "name_keys", "pinyin_initials"]

# Kinds of key (OrganizationNameKey.kind): field names, so labels.FIELD_LABELS names them.
NAME: Final = "name"
FORMER_NAME: Final = "former_name"
CORE: Final = "name_core"
INITIALS: Final = "name_initials"

# A polyphone (多音字) read two ways doubles the variants: past this many, only the
# reading in context and the commonest one are kept.
MAX_READ_BOTH_WAYS: Final = 4
# A reading counts when at least this share of the words with the character use it:
# 长 c/z (74% / 26%) and 行 x/h (85% / 15%) do, 会 in 会计 (2%) and 石 dàn (0.5%) do not.
MIN_READING_SHARE: Final = 0.1
_SPELLED: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]|[a-z0-9]")


def name_keys(name: str, former_names: Iterable[str]) -> set[tuple[str, str]]:
    """(kind, key) for every way to find this name: normalised, core, pinyin initials
    (of the whole name and without its region prefix), and each former name normalised."""
    keys: set[tuple[str, str]] = set()
    if name:
        written = normalise_name(name)
        keys.add((NAME, written.name))
        keys.add((CORE, written.core))
        whole = pinyin_initials(written.name)
        # 五华区书法家协会 is also typed without its region: sfjxh.
        prefix = written.name[: max(written.name.find(written.core), 0)]
        region = len(_SPELLED.findall(prefix.lower()))
        keys.update((INITIALS, variant[region:]) for variant in whole if variant[region:])
        keys.update((INITIALS, variant) for variant in whole)
    for former in former_names:
        if former:
            keys.add((FORMER_NAME, normalise_name(former).name))
    return keys


def initials_typed(text: str) -> str:
    """What someone typed as pinyin initials, as the keys hold them: lower case, letters and
    digits only; ``""`` for what cannot be initials (no letter, or anything but ASCII)."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    if not folded.isascii() or not any(char.isalpha() for char in folded):
        return ""
    return "".join(char for char in folded if char.isalnum())


@lru_cache(maxsize=65536)
def pinyin_initials(name: str) -> tuple[str, ...]:
    """The pinyin initials (拼音首字母) people may type for a name, the likeliest first.

    Chinese characters give their initial, ASCII letters and digits stand for themselves,
    anything else is dropped: 昆明市摄影家协会 → ``kmssyjxh``. A polyphone (多音字) is read
    as pypinyin reads it in context and in each reading common in words (MIN_READING_SHARE),
    so 昆明市长乐会计师事务所 gives ``kmszlkjssws`` (pypinyin reads 市长, mayor) and
    ``kmsclkjssws``, as a person reads it; rare readings (市 fú, 会 kuài) are no alternative.
    Past MAX_READ_BOTH_WAYS polyphones, only the reading in context and each character's
    commonest reading.
    """
    from pypinyin import Style, lazy_pinyin

    spelled = _SPELLED.findall(unicodedata.normalize("NFKC", name).lower())
    if not spelled:
        return ()
    # What pypinyin cannot read (a1) comes back as written: one letter per character.
    in_context = "".join(lazy_pinyin("".join(spelled), style=Style.FIRST_LETTER))
    if len(in_context) != len(spelled):  # a character read as more than a letter
        return (in_context,)
    words = _word_readings()
    options = [
        (initial, *sorted(words[char].keys() - {initial})) if char in words else (initial,)
        for char, initial in zip(spelled, in_context, strict=True)
    ]
    if sum(len(letters) > 1 for letters in options) <= MAX_READ_BOTH_WAYS:
        return tuple("".join(letters) for letters in itertools.product(*options))
    commonest = (
        words[char].most_common(1)[0][0] if char in words else initial
        for char, initial in zip(spelled, in_context, strict=True)
    )
    return tuple(dict.fromkeys((in_context, "".join(commonest))))


@cache
def _word_readings() -> dict[str, Counter[str]]:
    """Character → the initials its common readings begin with, by how many of pypinyin's
    words (词组) read it so; only characters some word reads two ways."""
    from pypinyin.phrases_dict import phrases_dict

    found: dict[str, Counter[str]] = defaultdict(Counter)
    for word, readings in phrases_dict.items():
        for char, reading in zip(word, readings, strict=False):
            found[char][unicodedata.normalize("NFD", reading[0])[0]] += 1
    common: dict[str, Counter[str]] = {}
    for char, counts in found.items():
        total = counts.total()
        kept = Counter({k: n for k, n in counts.items() if n >= MIN_READING_SHARE * total})
        if len(kept) > 1:
            common[char] = kept
    return common
