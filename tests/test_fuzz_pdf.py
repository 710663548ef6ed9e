"""Fuzzing: arbitrary text never breaks the text path; normalising is idempotent; a few
hundred byte-mutated PDFs either convert or raise BriefconvError -- each case in its own
killable process, so a hang or a crash fails the test instead of hanging the suite."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchgen import PARAGRAPH, pdf_bytes
from convert import codec, pipeline
from convert.batch import pool
from convert.errors import BriefconvError, InputError

MUTANTS_PER_SEED_PDF = 100
CASE_TIMEOUT = 60.0

# text that looks like what converters write: markers, footnote lines, headings, form feeds
TEXTISH = st.text(alphabet=st.sampled_from(list("abc XYZ 123.,;:-*_#>[]()^<>/\\\n\n\f\t\u00a0"
                                                "\u00ad\u2014\u201c\u201d\u00e9\u6c34\u00b9\u00b2")
                                           ) | st.characters(blacklist_categories=("Cs",)),
                 max_size=400)
MARKUP = st.lists(st.sampled_from([
    "# Heading\n", "## Sub\n", "By Jane Doe and John Roe\n", "March 2021\n", "1 A footnote.\n",
    "<sup>1</sup>", "[^1]: note\n", "text with a hyph-\nenated word ", "\f", "---\n", "* item\n",
    "1. first\n", "> quote\n", "**bold** ", "_it_ ", PARAGRAPH + "\n\n", "\n\n", "   ",
]), max_size=30).map("".join)


def _convert_text(text: str):
    try:
        return pipeline.convert_text(text)
    except BriefconvError:
        return None  # refusing (e.g. empty input) in words is fine; anything else is a bug


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXTISH, MARKUP))
def test_text_path_never_raises_anything_but_briefconv_errors(text):
    _convert_text(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(MARKUP, TEXTISH))
def test_normalising_is_idempotent(text):
    try:
        doc = pipeline.read(text.encode("utf-8"))
    except BriefconvError:
        return
    once = pipeline.normalise(doc)
    first = codec.document_to_dict(once)
    twice = pipeline.normalise(codec.document_from_dict(first))  # a copy: passes may mutate
    assert codec.document_to_dict(twice) == first


def test_text_with_a_lone_surrogate_is_refused_in_words():
    with pytest.raises(InputError, match="lone surrogate U\\+D800"):
        pipeline.convert_text("Title\n\nA paragraph \ud800 with a lone surrogate.\n")


# ---------------------------------------------------------------- mutated PDFs


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.choice(("flip", "byte", "delete", "insert", "dup", "truncate", "digits"))
        i = rng.randrange(len(buf)) if buf else 0
        if op == "flip" and buf:
            buf[i] ^= 1 << rng.randrange(8)
        elif op == "byte" and buf:
            buf[i] = rng.randrange(256)
        elif op == "delete":
            del buf[i:i + rng.randint(1, 64)]
        elif op == "insert":
            buf[i:i] = rng.choice([b"\x00" * 8, b"obj", b"endobj", b"(", b")", b"<<", b">>",
                                   b"/Length 999999", b"999999999 0 R", b"stream\n",
                                   bytes(rng.randrange(256) for _ in range(16))])
        elif op == "dup" and buf:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j:j + rng.randint(1, 256)]
        elif op == "truncate" and len(buf) > 16:
            del buf[rng.randrange(16, len(buf)):]
        elif op == "digits":
            # numbers drive xref offsets, lengths and object counts: the parser's weak spot
            spans = [k for k in range(len(buf)) if 48 <= buf[k] <= 57]
            if spans:
                buf[rng.choice(spans)] = rng.choice(b"0123456789")
    return bytes(buf)


def _seed_pdfs() -> list[bytes]:
    return [pdf_bytes(1, compress=False), pdf_bytes(2, compress=True),
            pdf_bytes(1, compress=False, title="Short")]


def _classify(data: bytes) -> str:
    """Runs in a child process."""
    try:
        pipeline.convert(data, from_="pdf", name="mutant.pdf")
        return "ok"
    except BriefconvError as e:
        return f"refused: {type(e).__name__}"


@pytest.mark.slow
def test_mutated_pdfs_convert_or_raise_briefconv_error():
    rng = random.Random(20240317)
    cases = [mutate(seed, rng) for seed in _seed_pdfs() for _ in range(MUTANTS_PER_SEED_PDF)]
    bad: list[str] = []
    kinds: dict[str, int] = {}

    def done(index, _data, outcome: pool.Outcome) -> None:
        if outcome.kind == pool.OK:
            kinds[outcome.value] = kinds.get(outcome.value, 0) + 1
        else:
            bad.append(f"case {index}: {outcome.kind}: {outcome.error}")

    pool.run(cases, _classify, timeout=CASE_TIMEOUT, on_done=done)
    print(kinds)
    assert bad == []
    assert sum(kinds.values()) == len(cases)
