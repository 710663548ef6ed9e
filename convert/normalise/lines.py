"""The join_lines pass: line ends inside a text become a space, nothing (URLs, dashes) or, for
hyphenation, a dropped hyphen; real hyphens ("swearing-in", "98-2") stay."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Document
from ..patterns import URL_CONTINUES, URL_TOKEN
from .inlines import all_text, containers, map_text, respace, trim

# hyphenation: a line-end hyphen stays when the second part is one of these
COMPOUND_SECOND = {"in", "up", "out", "off", "on", "down", "over", "back", "based", "term", "level", "wide",
                   "like", "related", "making", "oriented", "owned", "led", "run", "free", "friendly",
                   "specific", "scale", "known", "born", "made", "driven", "sized", "speaking", "style",
                   "type", "wise", "fold", "time", "standing", "ranking", "year", "old", "long", "step",
                   "income", "party", "state", "class", "building", "sharing", "saving"}
# ... or the first part one of these prefixes that keep their hyphen
COMPOUND_FIRST = {"self", "ex", "non", "all", "cross", "well", "vice", "half", "quasi", "full", "part",
                  "counter", "anti", "post", "pre", "co", "multi", "inter", "intra", "mid", "sub", "long",
                  "short", "high", "low", "so", "then", "former", "first", "second", "third", "one", "two",
                  "three", "four", "five", "socio", "geo", "pro"}
PARTICIPLE_MIN = 5
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
# the only characters a line may end in for its line end to be anything but a space
GLUE_ENDS = frozenset(URL_CONTINUES) | {"—", "–"}


class _Vocabulary:
    """Lower-case words as printed unbroken anywhere in the document (line ends excluded),
    read only when a hyphen decision needs it: most line ends never ask."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.words: Optional[set[str]] = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            text = "\n".join(all_text(c.content) for c in containers(self.doc))
            # words never span whitespace, so the regex need only see each distinct token once:
            # running text repeats most of its tokens, and the Unicode word class is slow
            tokens = "\n".join(set(text.split()))
            self.words = set(WORD.findall(tokens.lower()))
        return word in self.words


def keep_hyphen(left: str, right: str, vocabulary) -> bool:
    """Is the hyphen in 'left-' + newline + 'right' part of the word (not hyphenation)?"""
    if not left or not right:
        return True
    if left[-1].isdigit() or right[0].isdigit():
        return True
    if right[0].isupper():
        return True
    lw = WORD.findall(left)
    rw = WORD.findall(right)
    if not lw or not rw:
        return True
    a, b = lw[-1].lower(), rw[0].lower()
    if f"{a}-{b}" in vocabulary:
        return True
    if f"{a}{b}" in vocabulary:
        return False
    # a participle compound ("US backed-sanctions", "state owned-enterprises"): both halves are
    # words printed elsewhere in the document, which hyphenation fragments rarely are
    if a.endswith("ed") and len(a) >= PARTICIPLE_MIN and a in vocabulary and b in vocabulary and len(b) > 2:
        return True
    return b in COMPOUND_SECOND or a.rsplit("-", 1)[-1] in COMPOUND_FIRST


def join_line_ends(s: str, vocabulary) -> str:
    """Line ends inside a text: a space, nothing (URLs, dashes) or a dropped hyphen."""
    if "\n" not in s:
        return s
    if not ("-\n" in s or "—\n" in s or "–\n" in s or "://" in s or "www." in s or "WWW." in s):
        return respace(s.replace("\n", " "))
    lines = s.split("\n")
    out = [lines[0]]
    # the word before the line end is ``carry + _tail(pending)``, worked out only at the few
    # line ends that need it: splitting every line into words was most of this pass's time
    carry, pending = "", lines[0]
    for line in lines[1:]:
        prev = out[-1]
        nxt = line.lstrip(" \t")
        if prev[-1:] not in GLUE_ENDS:
            # the word before the line end ends as ``prev`` does (or ``prev`` ends in a space):
            # no URL, hyphen or dash to glue
            out.append(" " + nxt)
            carry, pending = "", nxt
            continue
        last = carry + _tail(pending)
        glued, last = _join_one(out, prev, last, nxt, vocabulary)
        # a word (or URL) glued across the line end goes on being one word
        carry = last if glued and " " not in nxt.strip() else ""
        pending = nxt
    return respace("".join(out))


def _tail(piece: str) -> str:
    return piece.rsplit(None, 1)[-1] if piece.strip() else ""


def _join_one(out: list[str], prev: str, last: str, nxt: str, vocabulary) -> tuple[bool, str]:
    """Append ``nxt`` after the line end that follows ``last``; (glued?, the word as it now ends)."""
    words = nxt.split(None, 1)  # none when the line is only odd spaces (the pass run alone)
    first = words[0] if words else ""
    if not last or not first or prev[-1:].isspace():
        out.append(" " + nxt)
    elif ("://" in last or last[:4].lower() == "www.") and last.endswith(URL_CONTINUES) \
            and URL_TOKEN.match(first):
        out.append(nxt)
        return True, last
    elif last[-1] == "-" and len(last) > 1 and last[-2].isalnum():
        if "://" in last or last[:4].lower() == "www." or keep_hyphen(last[:-1], first, vocabulary):
            out.append(nxt)
        else:
            out[-1] = prev[:-1]
            out.append(nxt)
            last = last[:-1]
        return True, last
    elif last[-1] in "—–" and len(last) > 1:
        out.append(nxt)
    else:
        out.append(" " + nxt)
    return False, last


def join_lines(doc: Document) -> None:
    """Line ends to spaces; a line-end hyphen is kept when it is part of the word (digits, a
    capital after it, the document's own spelling elsewhere, a common compound), else dropped."""
    vocabulary = _Vocabulary(doc)
    for c in containers(doc):
        c.content = map_text(c.content, lambda t: join_line_ends(t, vocabulary))
        trim(c)
