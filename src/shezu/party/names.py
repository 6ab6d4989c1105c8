"""Party organizations' names as counties write them, folded to one key.

One branch is written 中共昆明市摄影家协会支部委员会, 昆明市摄影家协会党支部 or
中国共产党昆明市摄影家协会支部; an upper body 中共昆明市律师行业委员会 or
昆明市律师行业党委. The key drops the Party's name in front and folds the forms of
"committee" (委员会/党委 → 委, 支部委员会/党支部 → 支部, 工作委员会/党工委 → 工委), so each
of these is one key; `without_region` also drops the province and city in front, for a
second look when the first finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_PARTY_PREFIXES: Final = ("中国共产党", "中共")
_REGION_PREFIXES: Final = ("云南省昆明市", "云南省", "昆明市")
# Longest first: each replaces a form of "committee" or "branch" by its short key.
_FORMS: Final = (
    ("总支部委员会", "总支"),
    ("支部委员会", "支部"),
    ("工作委员会", "工委"),
    ("委员会", "委"),
    ("党总支部", "总支"),
    ("党总支", "总支"),
    ("党支部", "支部"),
    ("党工委", "工委"),
    ("党委", "委"),
)
_SPACE: Final = re.compile(r"\s+")


def party_name_key(name: str) -> str:
    """The key under which two spellings of one Party organization's name are equal."""
    text = _SPACE.sub("", unicodedata.normalize("NFKC", name))
    text = text.replace("(", "（").replace(")", "）")
    for prefix in _PARTY_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    for long, short in _FORMS:
        text = text.replace(long, short)
    return text


def without_region(key: str) -> str:
    """A key with the province and city in front dropped (a county's name stays)."""
    for prefix in _REGION_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix) :]
    return key
