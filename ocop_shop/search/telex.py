"""Vietnamese keyboard leftovers: Telex and VNI typed with the input method switched off.

"ruouw" → "rươu", "ngoo" → "ngô", "hatj" → "hạt", "dde" → "đe", "ruou7" → "rươu",
"nguoiwf" → "người". A token is converted only when what is left after taking the
marks out is one plausible Vietnamese syllable, so "chestnuts" stays as it is.
"""
from __future__ import annotations

import re
import unicodedata

# Telex tone letters (and VNI digits 1–5) as combining marks.
TONES = {
    "s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323",
    "1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323",
}
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_HORN_BREVE = {"a": "ă", "o": "ơ", "u": "ư"}
_VOWELS = set("aăâeêioôơuưy")
_MARKED = set("ăâêôơư")
# One syllable once the marks are out: initial, vowels, final (no s/f/r/x/j/w/z as final).
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?$"
)


def decode(word: str) -> str | None:
    """The Vietnamese syllable a Telex/VNI leftover stands for, or None when it is not one."""
    if not word or not word.isascii() or not word.isalnum() or word.isdigit():
        return None
    letters: list[str] = []
    tone: str | None = None
    changed = False
    for ch in word:
        seen_vowel = any(c in _VOWELS for c in letters)
        if seen_vowel and ch in TONES:
            tone, changed = TONES[ch], True
        elif ch in ("d", "9") and letters == ["d"]:
            letters[0], changed = "đ", True
        elif ch in "aeo" and letters and letters[-1] == ch and seen_vowel:
            letters[-1], changed = _CIRCUMFLEX[ch], True
        elif ch == "6" and _modify_last(letters, _CIRCUMFLEX):
            changed = True
        elif ch in ("w", "7", "8") and seen_vowel:
            if not _horn(letters, ch):
                return None
            changed = True
        elif ch.isdigit() or ch in "wfjz":
            return None
        else:
            letters.append(ch)
    syllable = "".join(letters)
    if not changed or not _SYLLABLE.match(syllable):
        return None
    return _place_tone(syllable, tone) if tone else syllable


def _modify_last(letters: list[str], table: dict[str, str]) -> bool:
    for i in range(len(letters) - 1, -1, -1):
        if letters[i] in table:
            letters[i] = table[letters[i]]
            return True
    return False


def _horn(letters: list[str], mark: str) -> bool:
    """Telex w / VNI 7 (horn) or 8 (breve): "uo" → "ươ", else the last a/o/u of the word."""
    text = "".join(letters)
    if mark in ("w", "7") and "uo" in text:
        i = text.rindex("uo")
        letters[i], letters[i + 1] = "ư", "ơ"
        return True
    table = {"a": "ă"} if mark == "8" else ({"o": "ơ", "u": "ư"} if mark == "7" else _HORN_BREVE)
    return _modify_last(letters, table)


def _place_tone(syllable: str, tone: str) -> str:
    """Put the tone on the vowel that carries it (the traditional placement)."""
    match = _SYLLABLE.match(syllable)
    start, end = match.span(2)
    initial = match.group(1) or ""
    if initial in ("qu", "gi") and end - start == 0:  # "gì": the i belongs to the vowel
        start -= 1
    vowels = syllable[start:end]
    marked = [i for i, c in enumerate(vowels) if c in _MARKED]
    if marked:
        index = marked[-1]
    elif match.group(3):
        index = len(vowels) - 1
    elif len(vowels) == 3:
        index = 1
    else:
        index = 0
    pos = start + index
    return unicodedata.normalize("NFC", syllable[:pos + 1] + tone + syllable[pos + 1:])
