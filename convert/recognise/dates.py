"""English publication dates -> DateValue with only the precision printed."""
from __future__ import annotations

import re
from typing import Optional

from ..model import DateValue, Metadata

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MIN_YEAR, MAX_YEAR = 1900, 2100
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS = [
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.IGNORECASE),        # August 24, 2017
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$", re.IGNORECASE),  # 24 August 2017
    re.compile(rf"^{_MONTH},?\s+{_YEAR}$", re.IGNORECASE),                  # March 2021
    re.compile(rf"^{_YEAR}-(?P<nmonth>\d{{2}})-(?P<nday>\d{{2}})$"),          # 2017-08-24
    re.compile(rf"^{_YEAR}-(?P<nmonth>\d{{2}})$"),                            # 2017-08
    re.compile(rf"^{_YEAR}$"),                                                # 2021
]
# a leading weekday or a label such as "Date:" / "Published:" / "Updated" is allowed before the date
_PREFIX = re.compile(
    r"^(?:(?P<qualifier>date|published|publication\s+date|date\s+of\s+publication|issued|released|posted|"
    r"(?:last\s+)?(?:updated|revised|modified)|first\s+published)(?:\s*:|\s+on\b)?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?", re.IGNORECASE)
# a clock time after the date ("September 21, 2013 at 11:51 AM") is not part of it
_TIME = re.compile(r",?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)
_DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def parse_date(s: str) -> Optional[DateValue]:
    """The whole string as a date, or None.  ISO keeps only what was printed."""
    printed = " ".join(s.split()).strip(" .")
    lead = _PREFIX.match(printed)
    core = _TIME.sub("", printed[lead.end():] if lead else printed)
    for rx in _PATTERNS:
        m = rx.match(core)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["year"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        month = MONTHS[g["month"].lower()] if g.get("month") else (int(g["nmonth"]) if g.get("nmonth") else None)
        day = int(g.get("day") or g.get("nday") or 0) or None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None and not 1 <= day <= (_DAYS_IN[month - 1] if month else 31):
            return None
        iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
        return DateValue(iso=iso, printed=core, qualifier=qualifier_of(lead.group("qualifier") if lead else None))
    return None


def qualifier_of(word: Optional[str]) -> Optional[str]:
    """The printed qualifier as a date type: lower case, words joined by '-' ("last-updated");
    a bare "Date" label says nothing about the kind of date."""
    if not word:
        return None
    kind = "-".join(word.lower().split())
    return None if kind == "date" else kind


# a date inside a line: after a qualifier anywhere ("... | Updated April 9, 2026"), or a full date
# closing a short line ("Grant 1711-05155 December 19, 2019")
_QUALIFIER = re.compile(r"\b(?P<qualifier>published|updated|revised|issued|released|posted|dated?|decided|adopted"
                        r"|effective|approved|signed)\b(?:\s+date\b)?\s*:?\s*(?:on\s+)?", re.IGNORECASE)
_INLINE = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
]


def split_trailing_date(s: str) -> Optional[tuple[str, DateValue]]:
    """(the text before, the date) for a line that ends with a qualified date ("Title of the
    Paper Updated April 21, 2026": a converter joined the title and the date line)."""
    text = " ".join(s.split()).strip(" .")
    for q in _QUALIFIER.finditer(text):
        for rx in _INLINE:
            m = rx.match(text, q.end())
            if m and m.end() == len(text) and q.start() > 0:
                found = parse_date(m.group(0))
                if found is not None:
                    found.qualifier = qualifier_of(q.group("qualifier"))
                    return text[:q.start()].rstrip(" ,|·–—-"), found
    return None


def find_date(s: str) -> Optional[DateValue]:
    """A date inside a short line: the first after a qualifier word, else a day-precision date
    that ends the line; None otherwise (a date in running text or a citation is not one)."""
    text = " ".join(s.split()).strip(" .")
    for q in _QUALIFIER.finditer(text):
        for rx in _INLINE:
            m = rx.match(text, q.end())
            if m:
                found = parse_date(m.group(0))
                if found is not None:
                    found.qualifier = qualifier_of(q.group("qualifier"))
                return found
    for rx in _INLINE[:2]:
        for m in rx.finditer(text):
            if m.end() == len(text):
                return parse_date(m.group(0))
    return None


# qualifiers of a date that (re)publishes the document; the latest such date is its date
PUBLICATION_QUALIFIERS = {None, "published", "first-published", "updated", "last-updated", "revised", "issued",
                          "released", "posted", "modified", "last-modified", "decided", "adopted", "approved",
                          "signed", "effective", "dated"}


def add_date(md: Metadata, date: DateValue) -> bool:
    """Record a date printed in the front.  The first is the document's date; another one printed
    with a qualifier joins the history, and the latest publishing one ("Updated", "Published")
    becomes the document's date.  False when the date adds nothing (a repeat, or a second date
    without a qualifier: a date in a citation or a caption says nothing of the document)."""
    cur = md.date
    if cur is None:
        md.date = date
        return True
    if date.iso == cur.iso or any(h.iso == date.iso and h.qualifier == date.qualifier for h in md.history):
        if cur.qualifier is None and date.iso == cur.iso:
            cur.qualifier = date.qualifier
        return False
    if date.qualifier is None:
        return False
    newer = date.qualifier in PUBLICATION_QUALIFIERS and _later(date.iso, cur.iso)
    if newer:
        md.date, date = date, cur
    md.history.append(date)
    return True


def _later(a: str, b: str) -> bool:
    """a is after b, compared at the precision both print."""
    n = min(len(a), len(b))
    return a[:n] > b[:n]
