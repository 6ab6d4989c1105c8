"""Toneless pinyin, character by character: how a pinyin input method sees a name.

Most typos in department lists come from pinyin input (五华区 typed 五化区, 学校 typed
学效): the wrong character has the right syllable. Comparing syllables finds them.

Character by character, not by phrase: a polyphone (行 háng/xíng) then reads the same in
both records, which is what matching needs, and a few thousand distinct characters are
cached instead of every name.
"""

from functools import cache


@cache
def char_pinyin(char: str) -> str:
    """The toneless syllable of one character; anything that is not Chinese, as it is."""
    from pypinyin import lazy_pinyin  # its dictionary takes a moment: load on first use

    return "".join(lazy_pinyin(char))


def pinyin(text: str) -> str:
    """The toneless pinyin of a text, syllables run together (五华区 → wuhuaqu)."""
    return "".join(char_pinyin(char) for char in text)


def sounds_alike(a: str, b: str) -> bool:
    """Same length, same syllables: one was typed for the other with a pinyin input method."""
    return len(a) == len(b) and all(
        x == y or char_pinyin(x) == char_pinyin(y) for x, y in zip(a, b, strict=True)
    )
