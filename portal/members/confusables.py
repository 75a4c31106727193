"""UTS #39 confusable skeletons, from the Unicode confusables data that confusable-homoglyphs ships."""

import unicodedata
from functools import cache

import regex
from confusable_homoglyphs.confusables import confusables_data

# the library keeps the bidi marks its source file wrote around right-to-left characters
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))
IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")


def _clean(text):
    return text.translate(_BIDI_MARKS)


@cache
def _prototypes():
    """Each code point that has a prototype, mapped to it.

    The library stores every pair of confusables.txt both ways (source -> prototype and back). In that
    file a source is one code point and a prototype never is a source, so a code point with one
    neighbour that has neighbours of its own (or is longer than one code point) is a source; a pair
    of two lone code points gets the smaller one, which keeps the two equal.
    """
    neighbours = {}
    for key, entries in confusables_data.items():
        key = _clean(key)
        for entry in entries:
            neighbours.setdefault(key, set()).add(_clean(entry["c"]))
    mapping = {}
    for char, near in neighbours.items():
        if len(char) != 1 or len(near) != 1:
            continue
        (other,) = near
        if len(other) != 1 or len(neighbours.get(other, ())) > 1:
            mapping[char] = other
        elif other < char:
            mapping[char] = other
    return mapping


def skeleton(text):
    """UTS #39 skeleton: NFD, default-ignorables dropped, each character to its prototype, NFD again."""
    prototypes = _prototypes()
    decomposed = IGNORABLE.sub("", unicodedata.normalize("NFD", text or ""))
    return unicodedata.normalize("NFD", "".join(prototypes.get(char, char) for char in decomposed))
