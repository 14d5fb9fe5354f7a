"""Stress families: hostile texts of a chosen length, each a plausible corruption of a real criteria text.

Shared by the tests (tests/test_stress.py) and the bench (bench/bench_stress.py). Each family maps a length in
characters to a text of about that length; the real-text family repeats a seed record.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "seeds" / "000_ba874c70c20c967f.txt"


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def nested_brackets(n: int) -> str:
    """'ANC >= ((((1.5))))': a threshold buried in brackets (the AbbreviationDetector stall)."""
    k = max(1, (n - 12) // 2)
    return "ANC >= " + "(" * k + "1.5" + ")" * k


def bracket_pairs(n: int) -> str:
    """'(x) (x) (x) ...': a checkbox list pasted as text."""
    return _repeat("(x) ", n)


def empty_pairs(n: int) -> str:
    return _repeat("( ) ", n)


def colon_run(n: int) -> str:
    """'Inclusion Criteria::::...': a header followed by a long punctuation run (tokenizer suffix search)."""
    return "Inclusion Criteria" + ":" * max(1, n - 18)


def escape_run(n: int) -> str:
    """'\\>\\>\\>...': markdown escapes gone wrong."""
    return "Inclusion Criteria: ANC " + _repeat("\\>", max(2, n - 24))


def open_run(n: int) -> str:
    return "Inclusion Criteria: ANC " + "(" * max(1, n - 24)


def space_run(n: int) -> str:
    """'Ages Eligible for Study: ' and a run of spaces (the ingest regex and the line-break pattern)."""
    return "Ages Eligible for Study: " + " " * max(1, n - 25)


def real_text(n: int) -> str:
    """A real criteria text (seed 000) repeated to the length."""
    text = SEED.read_text(encoding="utf-8")
    return _repeat(text + "\n", n)


def unit_run(n: int) -> str:
    """'x10^9/L x10^9/L ...': a unit with no analyte, repeated."""
    return _repeat("x10^9/L ", n)


def fullwidth(n: int) -> str:
    """Full-width punctuation and circled markers, as in translated records."""
    return _repeat("① 年龄：18～75岁（含）；ＡＮＣ≥１．５×10⁹/L，", n)


def markers(n: int) -> str:
    """A list of numbered markers with nothing after them."""
    return "Inclusion Criteria:\n" + "".join(f"{i % 999 + 1}. \n" for i in range(n // 5))[: max(1, n - 20)]


def cue_words(n: int) -> str:
    """A criterion of repeated ConText cue words and targets."""
    return "Exclusion Criteria:\n- " + _repeat("no history of warfarin unless not pregnant except ", n)


def long_number(n: int) -> str:
    """A threshold whose number is thousands of digits long."""
    return "Inclusion Criteria:\n- ANC >= " + "1" * max(1, n - 30) + " /mm3"


def thresholds(n: int) -> str:
    """One criterion holding thousands of lab thresholds."""
    return "Inclusion Criteria:\n- " + _repeat("ANC >= 1.5 x 10^9/L and platelets >= 100 x 10^9/L; ", n)


FAMILIES = {
    "nested_brackets": nested_brackets,
    "bracket_pairs": bracket_pairs,
    "empty_pairs": empty_pairs,
    "colon_run": colon_run,
    "escape_run": escape_run,
    "open_run": open_run,
    "space_run": space_run,
    "real_text": real_text,
    "unit_run": unit_run,
    "fullwidth": fullwidth,
    "markers": markers,
    "cue_words": cue_words,
    "long_number": long_number,
    "thresholds": thresholds,
}
