"""Pure: a term index over word tokens, and the longest-match search of a text in it, as the conditions and
procedure lexicons use it (thousands of terms, so no regex per term and no spaCy pattern per term).

Words are runs of letters and digits; a possessive "'s" is dropped ("Crohn's disease" = "Crohn disease").
A word is normalized by lower case, the spelling variants of resources/conditions.json ("tumour", "haem",
"oedema") and a light plural rule ("neoplasms" -> "neoplasm", "neuropathies" -> "neuropathy"), the same for terms
and text. A term matches the words of the text in order when only spaces, hyphens and apostrophes lie between
them. Acronyms (all capitals) are a second index matched as written (case-sensitive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")
JOIN = re.compile(r"(?:['’][sS])?[\s\-'’‐–]*")


@lru_cache(maxsize=1)
def _spelling() -> tuple[tuple[re.Pattern[str], str], ...]:
    from ..resources import read_json

    rules = read_json("conditions.json")["spelling"]
    return tuple((re.compile(p), r) for p, r in rules)


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    w = word.lower()
    for pattern, repl in _spelling():
        w = pattern.sub(repl, w)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ys")):
        return w[:-1]
    return w


def words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word of the text; the "s" of a possessive is left out."""
    out = []
    for m in WORD.finditer(text):
        if m.group() in ("s", "S") and m.start() > 0 and text[m.start() - 1] in "'’":
            continue
        out.append((m.group(), m.start(), m.end()))
    return out


def key(term: str) -> tuple[str, ...]:
    return tuple(normalize_word(w) for w, _, _ in words(term))


@dataclass
class TermIndex:
    """Normalized word tuples -> value, and acronyms (case-sensitive word tuples) -> value."""

    terms: dict[tuple[str, ...], str] = field(default_factory=dict)
    acronyms: dict[tuple[str, ...], str] = field(default_factory=dict)
    longest: int = 1
    firsts: set[str] = field(default_factory=set)

    def add(self, term: str, value: str, acronym: bool = False) -> None:
        k = tuple(w for w, _, _ in words(term)) if acronym else key(term)
        if not k:
            return
        (self.acronyms if acronym else self.terms).setdefault(k, value)
        self.longest = max(self.longest, len(k))
        self.firsts.add(k[0] if acronym else k[0])

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """Longest matches, left to right, not overlapping: (start, end, value) in `text` offsets."""
        end = len(text) if end is None else end
        toks = words(text[start:end])
        if not toks:
            return []
        joinable = [JOIN.fullmatch(text, start + toks[i][2], start + toks[i + 1][1]) is not None
                    for i in range(len(toks) - 1)]
        out, i = [], 0
        while i < len(toks):
            hit = self._longest_at(toks, joinable, i)
            if hit is None:
                i += 1
                continue
            n, value = hit
            out.append((start + toks[i][1], start + toks[i + n - 1][2], value))
            i += n
        return out

    def _longest_at(self, toks, joinable, i) -> tuple[int, str] | None:
        raw0 = toks[i][0]
        norm0 = normalize_word(raw0)
        if norm0 not in self.firsts and raw0 not in self.firsts:
            return None
        span = 1
        while span < self.longest and i + span < len(toks) and joinable[i + span - 1]:
            span += 1
        for n in range(span, 0, -1):
            raw = tuple(t[0] for t in toks[i : i + n])
            value = self.acronyms.get(raw)
            if value is None:
                value = self.terms.get(tuple(normalize_word(w) for w in raw))
            if value is not None:
                return n, value
        return None
