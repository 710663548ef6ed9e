"""Bylines and personal names: "Written by: X and Y, Role *" -> [Contributor]."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Contributor, ContributorRole

AUTHOR_PREFIX = re.compile(
    r"^\s*(?:written\s+by|prepared\s+by|authored\s+by|published\s+by|by|authors?|contributors?)\s*[:\-–—]?\s+",
    re.IGNORECASE)
# a drawn rule typed as a run of dashes or underscores ("––––") under a byline is not part of it
RULE_RUN = re.compile(r"\s*[-–—_=]{3,}\s*")
EDITOR_PREFIX = re.compile(r"^\s*(?:edited\s+by|editors?|editorial\s+review\s+by)\s*[:\-–—]?\s+", re.IGNORECASE)
EDITOR_INLINE = re.compile(r"\s+(?=(?:edited\s+by|editors?\s*:))", re.IGNORECASE)
LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
MARKERS = "*†‡§¶"
MARKER_END = re.compile(r"\s*([%s]+)\s*$" % re.escape(MARKERS))
MARKER_START = re.compile(r"^\s*([%s]+)\s*(?=\S)" % re.escape(MARKERS))
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "amb", "ambassador",
              "gen", "lt", "col", "maj", "capt", "hon", "rev"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq", "mph", "msc", "mba", "jd", "llm", "dphil",
            "edd", "rn", "ms", "ma", "bsc"}
# a company's legal form after a comma: the "name" before it is a company, not a person
CORPORATE = {"llc", "inc", "ltd", "llp", "plc", "corp", "co", "gmbh", "ag", "sa", "lp", "pllc", "pc"}
PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
             "ter", "ten", "bin", "binti", "ibn", "bint", "al", "el", "abu", "ben", "st", "mac"}
# words that mark an affiliation or role rather than a person's name
AFFILIATION_WORDS = {
    "institute", "university", "college", "school", "centre", "center", "department", "ministry",
    "foundation", "council", "programme", "program", "office", "division", "unit", "corner",
    "professor", "fellow", "director", "researcher", "research", "analyst", "associate", "assistant",
    "senior", "junior", "young", "visiting", "professional", "intern", "head", "chair", "editor",
    "studies", "affairs", "policy", "group", "society", "academy", "agency", "bureau", "project",
    "initiative", "network", "lab", "laboratory", "consultant", "officer", "manager", "lecturer",
    "student", "member", "scholar", "coordinator", "adviser", "advisor", "president", "chief",
}
NAME_CONNECTORS = {"of", "the", "for", "and", "in", "on", "at"}
MAX_NAME_WORDS = 6
INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]$")
NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|(?:[A-Z]\.)+|[a-z]{1,5}-[A-Z][\w'’\-]*)$", re.UNICODE)
ACRONYM = re.compile(r"^[A-Z]{2,}[\w]*$|^\(?[A-Z]{2,}\)?$")


def split_name(s: str) -> tuple[str, str]:
    """(given names, surname), honorifics dropped, particles and suffixes kept with the surname."""
    s = " ".join(s.replace("\u00a0", " ").split()).strip(" ,;")
    if "," in s:  # "Surname, Given" (but not "Name, Jr.")
        head, tail = [x.strip() for x in s.split(",", 1)]
        if tail and tail.lower().strip(".") not in SUFFIXES and " " not in head.strip():
            return tail, head
        if tail.lower().strip(".") in SUFFIXES:
            g, sn = split_name(head)
            return g, f"{sn} {tail}".strip()
    words = [w for w in s.split(" ") if w]
    while len(words) > 1 and words[0].lower().strip(".") in HONORIFICS:
        words.pop(0)
    suffix: list[str] = []
    while len(words) > 2 and words[-1].lower().strip(".,") in SUFFIXES:
        suffix.insert(0, words.pop())
    if not words:
        return "", ""
    if len(words) == 1:
        return "", " ".join(words + suffix)
    # the surname starts at the first particle after the first given name, else is the last word
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            start = i
            break
    return " ".join(words[:start]), " ".join(words[start:] + suffix)


def looks_like_name(s: str) -> bool:
    words = s.replace("\u00a0", " ").split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    caps = 0
    for w in words:
        bare = w.strip(".,;")
        low = bare.lower()
        if low in AFFILIATION_WORDS or (ACRONYM.match(bare) and not INITIAL.match(bare)):
            return False
        if low in PARTICLES or low.strip(".") in HONORIFICS or low.strip(".") in SUFFIXES:
            continue
        if low in NAME_CONNECTORS or not NAME_WORD.match(bare):
            return False
        caps += 1
    return caps >= 1 and len(words) >= 2 or (len(words) == 1 and caps == 1)


def _take_marker(s: str) -> tuple[str, Optional[str]]:
    m = MARKER_END.search(s)
    if m:
        return s[:m.start()].strip(), m.group(1)
    return s.strip(), None


def _split_and(part: str) -> list[str]:
    """'X and Y' -> ['X', 'Y'] when both sides are names; 'Role and Y' -> ['Role', 'Y']."""
    pieces = re.split(r"\s+(?:and|&)\s+", part)
    if len(pieces) < 2:
        return [part]
    if all(looks_like_name(_take_marker(p)[0]) for p in pieces):
        return pieces
    last = _take_marker(pieces[-1])[0]
    if looks_like_name(last) and len(last.split()) >= 2:
        head = part[: part.rfind(pieces[-1])].rstrip()
        head = re.sub(r"\s+(?:and|&)$", "", head)
        return [head, pieces[-1]]
    return [part]


def parse_people(s: str, role: ContributorRole) -> list[Contributor]:
    """Names separated by commas / 'and' / ';', each optionally followed by ', affiliation'."""
    s = " ".join(s.split()).strip(" .;")
    if not s:
        return []
    groups = [g for g in re.split(r"\s*;\s*", s) if g]
    people: list[Contributor] = []
    for group in groups:
        parts: list[str] = []
        for piece in re.split(r"\s*,\s*", group):
            piece = LEADING_AND.sub("", piece)  # "X, Role, and Y": the serial comma
            parts.extend(_split_and(piece) if piece else [])
        for part in parts:
            text, marker = _take_marker(part)
            if not text and marker and people:
                people[-1].marker = people[-1].marker or marker
                continue
            # a lone word after a name is a place or unit, not another person
            if looks_like_name(text) and (len(text.split()) >= 2 or not people):
                given, surname = split_name(text)
                people.append(Contributor(role=role, given_names=given, surname=surname,
                                          printed=text, marker=marker))
            elif people:
                last = people[-1]
                last.affiliation = f"{last.affiliation}, {text}" if last.affiliation else text
                if marker:
                    last.marker = last.marker or marker
            else:
                return []
    return people


def parse_byline(s: str) -> Optional[list[Contributor]]:
    """Authors (and editors printed on the same line) from a byline, or None."""
    m = AUTHOR_PREFIX.match(s)
    if not m:
        return None
    rest = RULE_RUN.sub(" ", s[m.end():])
    editors: list[Contributor] = []
    cut = EDITOR_INLINE.search(rest)
    if cut:
        editors = parse_editors(rest[cut.end():]) or []
        rest = rest[:cut.start()]
    authors = parse_people(rest, "author")
    if not authors:
        return None
    return authors + editors


def parse_editors(s: str) -> Optional[list[Contributor]]:
    m = EDITOR_PREFIX.match(s)
    if not m:
        return None
    people = parse_people(s[m.end():], "editor")
    return people or None


def note_marker(s: str) -> Optional[tuple[str, str]]:
    """(marker, text) for an author note line such as '* Mr. X is a student of ...'."""
    m = MARKER_START.match(s)
    if not m:
        return None
    text = s[m.end():].strip()
    if len(text.split()) < 3:
        return None
    return m.group(1), text


# ---------------------------------------------------------------- names without a "By"

# job titles and generic document words: a capitalised line made of these is a role or a label,
# not a person ("Legislative Attorney", "Reference Librarian", "Frequently Asked Questions")
ROLE_WORDS = {
    "attorney", "librarian", "specialist", "economist", "counsel", "lawyer", "historian", "scientist",
    "engineer", "writer", "journalist", "reporter", "partner", "principal", "secretary", "minister",
    "commissioner", "deputy", "executive", "staff", "expert", "statistician", "planner", "administrator",
    "legislative", "reference", "trainee", "candidate", "emeritus", "founder", "representative", "senator",
    "governor", "judge", "correspondent", "strategist", "advocate", "counselor", "counsellor", "physician",
    "teacher", "doctoral", "postdoctoral", "graduate", "volunteer", "leader", "lead", "author", "authors",
    "service", "services", "questions", "report", "reports", "summary", "information", "contents",
    "acknowledgments", "acknowledgements", "introduction", "background", "conclusion", "conclusions",
    "appendix", "notes", "references", "sources", "table", "figure", "box", "key", "findings", "contact",
    "contacts", "disclaimer", "overview", "recommendations", "government", "national", "federal", "state",
    "states", "united", "international", "global", "public", "press", "committee", "commission", "court",
    "house", "senate", "congress", "parliament", "association", "organization", "organisation", "company",
    "inc", "ltd", "llc", "corporation", "trust", "fund", "bank", "board", "authority", "agency",
}
PERSON_MIN_WORDS, PERSON_MAX_WORDS = 2, 5


def is_person_name(s: str) -> bool:
    """A personal name standing alone: capitalised given names or initials and a surname, with
    particles, hyphens and suffixes; names printed in capitals count.  No "By" needed."""
    s = " ".join(s.replace("\u00a0", " ").split()).strip(" ,;" + MARKERS)
    while len(s.split()) > PERSON_MIN_WORDS and s.split()[-1].strip(".,").lower() in SUFFIXES:
        s = s.rsplit(" ", 1)[0].rstrip(",")  # degrees and generations may be printed in capitals
    if not s or any(c.isdigit() for c in s) or not looks_like_name(s if not s.isupper() else s.title()):
        return False
    words = [w.strip(".,") for w in s.split()]
    core = [w for w in words if w.lower() not in HONORIFICS and w.lower() not in SUFFIXES]
    if not PERSON_MIN_WORDS <= len(core) <= PERSON_MAX_WORDS:
        return False
    if any(w.lower() in ROLE_WORDS or w.lower() in AFFILIATION_WORDS for w in core):
        return False
    surname = core[-1]
    return len(surname.replace("-", "")) >= 2 and not INITIAL.match(surname + ".") and surname[:1].isalpha()


def person_and_role(s: str, run_on: bool = False) -> Optional[Contributor]:
    """'Jane G. Roe' or 'Jane G. Roe, Specialist in Housing' (name, then a role after a comma) as an
    author, else None.  With ``run_on`` the role may follow the name without a comma, as text
    converters join a name and the role line under it ('Jane Roe Specialist in Housing')."""
    s = " ".join(s.replace("\u00a0", " ").split())
    found = _person_comma_role(s)
    return found if found is not None or not run_on else _person_run_on(s)


def _person_run_on(s: str) -> Optional[Contributor]:
    words = s.split()
    for n in range(min(PERSON_MAX_WORDS + 2, len(words) - 1), PERSON_MIN_WORDS - 1, -1):
        head, rest = " ".join(words[:n]), " ".join(words[n:])
        if rest[:1].isupper() and is_person_name(head):
            found = _person_comma_role(f"{head}, {rest}")
            if found is not None:
                return found
    return None


def _person_comma_role(s: str) -> Optional[Contributor]:
    text, marker = _take_marker(s)
    head, _, tail = text.partition(",")
    tail = tail.strip()
    if tail and tail.split(",")[0].strip(" .").replace(".", "").lower() in CORPORATE:
        return None
    if tail and tail.split(",")[0].strip(" .").lower() in SUFFIXES:  # "Jane Roe, Jr., Analyst"
        suffix, _, tail = tail.partition(",")
        head, tail = f"{head}, {suffix.strip()}", tail.strip()
    name = head.replace(",", "") if "," in head else head
    if not is_person_name(name):
        return None
    given, surname = split_name(head)
    return Contributor(role="author", given_names=given, surname=surname, printed=name,
                       affiliation=tail or None, marker=marker)
