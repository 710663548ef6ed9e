"""Bylines and personal names: "Written by: X and Y, Role *" -> [Contributor]."""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

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
# words that make a capitalised name an organisation's ("U.S. Copyright Office", "Centre for X")
ORGANISATION_WORDS = {
    "office", "institute", "institution", "university", "college", "school", "centre", "center", "department",
    "ministry", "foundation", "council", "agency", "bureau", "commission", "committee", "academy", "society",
    "association", "organization", "organisation", "company", "corporation", "service", "services", "secretariat",
    "board", "authority", "network", "forum", "group", "team", "unit", "division", "staff", "programme", "program",
    "project", "initiative", "laboratory", "lab", "library", "court", "parliament", "government", "trust", "fund",
}
ORGANISATION_MAX_WORDS = 10
MAX_NAME_WORDS = 6
INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]$")
NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|(?:[A-Z]\.)+|[a-z]{1,5}-[A-Z][\w'’\-]*)$", re.UNICODE)
ACRONYM = re.compile(r"^[A-Z]{2,}[\w]*$|^\(?[A-Z]{2,}\)?$")


class NameParts(NamedTuple):
    prefix: str   # honorifics printed before the name ("Dr.", "Prof.")
    given: str
    surname: str  # with its particles ("van Beethoven")
    suffix: str   # generations and degrees printed after it ("Jr.", "PhD")


def split_name(s: str) -> tuple[str, str]:
    """(given names, surname): honorifics and suffixes left out (see ``name_parts``)."""
    parts = name_parts(s)
    return parts.given, parts.surname


def name_parts(s: str) -> NameParts:
    """A printed personal name in its JATS parts: prefix, given names, surname (particles kept
    with it), suffix."""
    s = " ".join(s.replace("\u00a0", " ").split()).strip(" ,;")
    if "," in s:
        inverted = _comma_name(s)
        if inverted is not None:
            return inverted
    words = [w for w in s.split(" ") if w]
    prefix: list[str] = []
    while len(words) > 1 and words[0].lower().strip(".") in HONORIFICS:
        prefix.append(words.pop(0))
    suffix: list[str] = []
    while len(words) > 2 and _is_suffix(words[-1]):
        suffix.insert(0, words.pop().rstrip(","))
    words[-1:] = [words[-1].rstrip(",")] if words else []
    given, surname = _given_and_surname(words)
    return NameParts(" ".join(prefix), given, surname, " ".join(suffix))


def _comma_name(s: str) -> Optional[NameParts]:
    """'Name, Jr., PhD' (suffixes after commas) or 'Surname, Given'; None for neither."""
    head, tail = [x.strip() for x in s.split(",", 1)]
    tails = [x.strip() for x in tail.split(",") if x.strip()]
    if tails and all(_is_suffix(x) for x in tails):
        inner = name_parts(head)
        return inner._replace(suffix=", ".join(filter(None, [inner.suffix] + tails)))
    if tail and " " not in head.strip():
        inner = name_parts(tail)
        return inner._replace(given=" ".join(filter(None, [inner.given, inner.surname])), surname=head)
    return None


def _given_and_surname(words: list[str]) -> tuple[str, str]:
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    # the surname starts at the first particle after the first given name, else is the last word
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            start = i
            break
    return " ".join(words[:start]), " ".join(words[start:])


def _is_suffix(w: str) -> bool:
    return w.lower().strip(".,").replace(".", "") in SUFFIXES


def person(role: ContributorRole, printed: str, **kw) -> Contributor:
    """A contributor from a printed name, its parts in the JATS fields."""
    parts = name_parts(printed)
    return Contributor(role=role, given_names=parts.given, surname=parts.surname, printed=printed,
                       prefix=parts.prefix or None, suffix=parts.suffix or None, **kw)


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
    s = " ".join(s.split()).strip(" ;")
    if s.endswith(".") and not _is_suffix(s.split()[-1]):  # the byline's full stop, not "Jr."
        s = s.rstrip(" .")
    people: list[Contributor] = []
    for group in [g for g in re.split(r"\s*;\s*", s) if g]:
        parts: list[str] = []
        for piece in re.split(r"\s*,\s*", group):
            piece = LEADING_AND.sub("", piece)  # "X, Role, and Y": the serial comma
            parts.extend(_split_and(piece) if piece else [])
        for part in parts:
            if not _add_part(people, part, role):
                return []
    return people


def _add_part(people: list[Contributor], part: str, role: ContributorRole) -> bool:
    """One comma-separated part of a byline: a new person, or what is printed with the last one;
    False when the byline starts with something that is not a name."""
    text, marker = _take_marker(part)
    if not text and marker and people:
        people[-1].marker = people[-1].marker or marker
        return True
    # a lone word after a name is a place or unit, not another person
    if looks_like_name(text) and (len(text.split()) >= 2 or not people):
        people.append(person(role, text, marker=marker))
        return True
    if not people:
        return False
    last = people[-1]
    last.affiliation = f"{last.affiliation}, {text}" if last.affiliation else text
    if marker:
        last.marker = last.marker or marker
    return True


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
        # "Published by" an organisation names the publisher, not an author
        org = None if m.group(0).strip().lower().startswith("published") else organisation(rest)
        if org is None:
            return None
        authors = [Contributor(role="author", printed=org, collab=org)]
    return authors + editors


def organisation(s: str) -> Optional[str]:
    """An organisation's name standing as the author ("the U.S. Copyright Office"): capitalised
    words, one of them naming an institution, no sentence; None otherwise."""
    text = " ".join(s.split()).strip(" .,;")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    words = text.split()
    if not 1 < len(words) <= ORGANISATION_MAX_WORDS or not words[0][:1].isupper():
        return None
    if not ORGANISATION_WORDS & {w.strip(".,()").lower() for w in words}:
        return None
    caps = sum(1 for w in words if w[:1].isupper() or w.lower() in NAME_CONNECTORS)
    return text if caps == len(words) else None


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
    found = person("author", head, affiliation=tail or None, marker=marker)
    found.printed = name
    return found
