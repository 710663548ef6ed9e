"""Text patterns every stage shares: URLs, sentence ends, footnote labels.  One owner each, so
the extractors, recognisers, normaliser and writers cannot drift apart.  Patterns that differ
on purpose carry names that say how."""
from __future__ import annotations

import re
from typing import Iterator

# ---------------------------------------------------------------- URLs

URL_PREFIX = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
# a bare URL runs to white space, an angle bracket or a quotation mark
BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+", re.IGNORECASE)
# what may follow a URL in running text without being part of it
URL_TRAILING = frozenset(".,;:!?'\"’”*")
# a line (or a URL) ending in one of these goes on without a space on the next line
URL_CONTINUES = tuple("/-_.=?&%#~+")
# a bare URL's own characters (a token that is all of these may continue a URL)
URL_TOKEN = re.compile(r"^[\w./:?=&%#~+\-@]+$")


def has_url(s: str) -> bool:
    """A cheap test before the regular expression: most text has no URL."""
    return "://" in s or "www." in s or "WWW." in s


def trim_url(url: str) -> str:
    """Drop trailing punctuation, and a closing bracket the URL did not open."""
    while url:
        if url[-1] in URL_TRAILING:
            url = url[:-1]
        elif url[-1] in ")]" and url.count("(" if url[-1] == ")" else "[") < url.count(url[-1]):
            url = url[:-1]
        else:
            break
    return url


def find_urls(s: str) -> Iterator[tuple[int, str]]:
    """(start, url) for every bare URL in ``s``, trailing punctuation left out."""
    for m in BARE_URL.finditer(s):
        url = trim_url(m.group())
        if url and url.lower() not in ("www.", "http://", "https://"):
            yield m.start(), url


def href_of(url: str) -> str:
    """The address a bare URL points to ("www." alone names no scheme)."""
    return "http://" + url if url.lower().startswith("www.") else url


# ---------------------------------------------------------------- sentence ends

# what may close a sentence after its final punctuation
CLOSING_QUOTES = "\"'”’)\\]"
# a paragraph is finished when its text ends so; a colon counts, since a paragraph that
# introduces a list or quotation is complete as printed
PARAGRAPH_END = re.compile(r"[.!?:][" + CLOSING_QUOTES + r"]*$")
# a recognised block ends a sentence, perhaps followed by a footnote marker left as digits
SENTENCE_END_BEFORE_MARKER = re.compile(r"[.!?][" + CLOSING_QUOTES + r"]*\d{0,3}\s*$")
# a line of plain text ends a sentence (also at ";", a spaced marker, or Markdown emphasis)
TEXT_LINE_END = re.compile(r"[.!?:;][" + CLOSING_QUOTES + r"]*(?: ?\d{1,3})?$|[.!?][" + CLOSING_QUOTES + r"]*\*+$")


# ---------------------------------------------------------------- section titles

# a section about the authors (names, roles, bios), wherever it is printed: the layout keeps it
# as text and the recognisers read it
AUTHOR_SECTION = re.compile(
    r"^\s*(?:about\s+the\s+(?:authors?|contributors?|writers?)|authors?(?:['’]s?)?(?:\s+contact)?\s+information"
    r"|(?:the\s+)?authors?|contributors?|author\s+biograph(?:y|ies)|biograph(?:y|ies)\s+of\s+the\s+authors?)"
    r"\s*:?\s*$", re.IGNORECASE)
# generic back-matter section titles of English policy documents (author contacts,
# acknowledgments, "About ...", a disclaimer), printed after the last section
BACK_MATTER_TITLE = re.compile(
    r"^\s*(?:authors?['’]?s?\s+(?:contact\s+)?information|author\s+contacts?|contacts?|"
    r"about\s+(?:the\s+)?\S+(?:\s+\S+){0,3}|acknowledge?ments?|disclaimer)\s*:?\s*$", re.I)
# the label of a disclaimer section (the layout keeps it as text, the recogniser takes it)
DISCLAIMER_TITLE = re.compile(r"^\s*(?:disclaimers?|legal\s+notice|important\s+notice)\s*:?\s*$", re.I)
