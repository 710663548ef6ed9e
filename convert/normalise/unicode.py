"""The unicode_cleanup pass: ligatures to letters, soft hyphens and zero-width marks dropped,
odd spaces to spaces, no space before closing punctuation; metadata and names too."""
from __future__ import annotations

import re

from ..model import Document
from .inlines import containers, map_text, respace

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
DROP_CHARS = {"\u00ad": None, "\u200b": None, "\ufeff": None, "\u2060": None}
SPACE_CHARS = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_ODD_MAP = {**LIGATURES, **{c: "" for c in DROP_CHARS}, **{c: " " for c in SPACE_CHARS},
            **{chr(c): "" for c in range(32) if chr(c) not in "\n\t"}, "\x7f": "",
            **{chr(c): "" for c in range(0x80, 0xa0)}, "\x85": " ", "\u2028": " ", "\u2029": " "}
# str.translate walks every character in Python terms; a character class finds the rare odd ones
ODD_CHAR = re.compile("[" + re.escape("".join(_ODD_MAP)) + "]")


def clean_text(s: str) -> str:
    """Ligatures to letters, soft hyphens and zero-width marks out, odd spaces to spaces."""
    if ODD_CHAR.search(s):
        s = ODD_CHAR.sub(_replace_odd, s)
    return respace(s)


def _replace_odd(m: re.Match) -> str:
    return _ODD_MAP[m.group()]


def unicode_cleanup(doc: Document) -> None:
    """Ligatures to letters, soft hyphens and zero-width marks dropped, odd spaces to spaces,
    no space before closing punctuation; metadata and names too."""
    for c in containers(doc):
        c.content = map_text(c.content, clean_text)
    md = doc.metadata
    for attr in ("title", "subtitle", "series", "publisher"):
        v = getattr(md, attr)
        if v:
            setattr(md, attr, clean_line(v))
    for c in doc.contributors:
        for attr in ("given_names", "surname", "printed", "affiliation", "position"):
            v = getattr(c, attr)
            if v:
                setattr(c, attr, clean_line(v))


def clean_line(s: str) -> str:
    """A one-line field: whitespace runs to one space first, so cleaning twice changes nothing."""
    return " ".join(clean_text(" ".join(s.split())).split())
