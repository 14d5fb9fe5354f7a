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


@dataclass(frozen=True)
class Tokens:
    """The words of text[start:end] (offsets in `text`) and their normalized forms: tokenized once, searched in
    several indexes."""

    text: str
    words: list[tuple[str, int, int]]
    norms: list[str]
    raws: list[str]


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    end = len(text) if end is None else end
    toks = [(w, start + a, start + b) for w, a, b in words(text[start:end])]
    return Tokens(text, toks, [normalize_word(w) for w, _, _ in toks], [w for w, _, _ in toks])


@dataclass
class TermIndex:
    """Normalized word tuples -> value, and acronyms (case-sensitive word tuples) -> value, with every prefix of
    both, so that a search extends a candidate only while some term still starts that way."""

    terms: dict[tuple[str, ...], str] = field(default_factory=dict)
    acronyms: dict[tuple[str, ...], str] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)

    def add(self, term: str, value: str, acronym: bool = False) -> None:
        k = tuple(w for w, _, _ in words(term)) if acronym else key(term)
        if not k:
            return
        (self.acronyms if acronym else self.terms).setdefault(k, value)
        self.prefixes.update(k[:n] for n in range(1, len(k) + 1))
        self.firsts.add(k[0])

    def find(self, text: str, start: int = 0, end: int | None = None, tokens: Tokens | None = None
             ) -> list[tuple[int, int, str]]:
        """Longest matches, left to right, not overlapping: (start, end, value) in `text` offsets."""
        toks = tokens if tokens is not None else tokenize(text, start, end)
        ws, norms, raws, n = toks.words, toks.norms, toks.raws, len(toks.words)
        out, i = [], 0
        while i < n:
            if norms[i] not in self.firsts and raws[i] not in self.firsts:
                i += 1
                continue
            j = i + 1  # the candidate is ws[i:j]
            while j < n and _joinable(text, ws[j - 1][2], ws[j][1]) and (
                    tuple(norms[i : j + 1]) in self.prefixes or tuple(raws[i : j + 1]) in self.prefixes):
                j += 1
            hit = self._longest_at(raws, norms, i, j)
            if hit is None:
                i += 1
                continue
            k, value = hit
            out.append((ws[i][1], ws[k - 1][2], value))
            i = k
        return out

    def _longest_at(self, raws, norms, i, j) -> tuple[int, str] | None:
        for k in range(j, i, -1):
            value = self.acronyms.get(tuple(raws[i:k])) if self.acronyms else None
            if value is None:
                value = self.terms.get(tuple(norms[i:k]))
            if value is not None:
                return k, value
        return None


def _joinable(text: str, a: int, b: int) -> bool:
    """Only spaces, hyphens, apostrophes (or a possessive "'s") between two words."""
    gap = text[a:b]
    return gap == " " or JOIN.fullmatch(gap) is not None
