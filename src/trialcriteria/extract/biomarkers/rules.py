"""The biomarker rules of resources/biomarkers.json compiled once, and the gene matcher over the gene lexicon
(resources/biomarker_genes.jsonl): symbols and aliases case-sensitively, names case-insensitively with hyphens
and spaces alike, as whole words."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ...resources import biomarker_genes, biomarker_rules
from ...schema.rules import BiomarkerMarker
from ..facts.common import _comparator_pattern, facts_resources

TOKEN = re.compile(r"[A-Za-z0-9α-ω]+")
ALNUM = re.compile(r"[A-Za-z0-9]")
# attributes that make a record on their own (a bare result or a filler word does not follow a connector)
STRONG = frozenset({"exon", "variant", "codon", "tps", "cps", "hscore", "tmbval", "percent", "ihc_range", "ihc_score",
                    "ihc", "ish", "alteration"})
SCALES = {"ihc_range": "IHC", "ihc_score": "IHC", "ihc": "IHC", "ish": "ISH", "tps": "TPS", "cps": "CPS",
          "hscore": "H-score", "percent": "percent", "tmbval": "mut/Mb"}
VALUED = frozenset({"tps", "cps", "hscore", "tmbval", "percent", "ihc_range", "ihc_score", "cmpnum"})


class GeneMatcher:
    """Gene mentions of a text: (start, end, symbol), longest first, without overlaps. Aliases are looked up by
    their first word, names by their first two words (so that common first words, 'tumor', 'protein', cost
    little)."""

    def __init__(self, genes: dict) -> None:
        self.aliases: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.names: dict[str, list[tuple[re.Pattern[str], str]]] = defaultdict(list)
        for g in genes.values():
            for alias in g.aliases:
                first = TOKEN.match(alias)
                if first:
                    self.aliases[first.group()].append((alias, g.symbol))
            for name in g.names:
                words = TOKEN.findall(name.lower())
                if len(words) < 2:
                    continue
                rx = re.compile(r"(?:\s+|[^A-Za-z0-9α-ω\s]{1,3}\s*|)".join(re.escape(w) for w in words)
                                + r"(?![A-Za-z0-9])", re.I)
                self.names[f"{words[0]} {words[1]}"].append((rx, g.symbol))
        for table in (self.aliases, self.names):
            for key in table:
                table[key].sort(key=lambda x: -len(x[0] if isinstance(x[0], str) else x[0].pattern))
        self.alias_keys = frozenset(self.aliases)
        self.name_first = frozenset(k.split()[0] for k in self.names)

    def any(self, text: str, words: list[str] | None = None) -> bool:
        """Whether a word of the text (`words`: TOKEN.findall(text)) starts a written form of a gene (a cheap test
        before `find`)."""
        words = TOKEN.findall(text) if words is None else words
        if not self.alias_keys.isdisjoint(words):
            return True
        low = [w.lower() for w in words]
        if self.name_first.isdisjoint(low):
            return False
        return any(f"{a} {b}" in self.names for a, b in zip(low, low[1:]))

    def find(self, text: str, checked: bool = False) -> list[tuple[int, int, str]]:
        """The gene mentions (`checked`: `any` said yes already)."""
        if not checked and not self.any(text):
            return []
        out: list[tuple[int, int, str]] = []
        toks = list(TOKEN.finditer(text))
        taken = 0
        for i, tok in enumerate(toks):
            if tok.start() < taken:
                continue
            hit = self._at(text, tok, toks[i + 1].group() if i + 1 < len(toks) else "")
            if hit is not None:
                out.append(hit)
                taken = hit[1]
        return out

    def _at(self, text: str, tok: re.Match, following: str) -> tuple[int, int, str] | None:
        pos, best = tok.start(), None
        for alias, symbol in self.aliases.get(tok.group(), ()):
            end = pos + len(alias)
            if text.startswith(alias, pos) and not ALNUM.match(text, end):
                best = (pos, end, symbol)
                break
        if following:
            for rx, symbol in self.names.get(f"{tok.group().lower()} {following.lower()}", ()):
                m = rx.match(text, pos)
                if m and (best is None or m.end() > best[1]):
                    best = (pos, m.end(), symbol)
        return best


class Gates:
    """The gate words of the markers and of the orphans (resources/biomarkers.json), found from a text's words: a
    gate with a capital is a word as written, the others a word in any case; a final `*` makes it the start of a
    word ('BRCA*' for BRCA1, BRCAm); a gate of no letters ('+') is looked for anywhere. A word's gates are cached:
    the words of criteria repeat."""

    def __init__(self, gates: list[str]) -> None:
        self.chars = tuple(sorted({g for g in gates if not re.search(r"[A-Za-z]", g)}))
        words = {g for g in gates if g not in self.chars}
        self.exact = frozenset(g for g in words if g != g.lower() and not g.endswith("*"))
        self.lower = frozenset(g for g in words if g == g.lower() and not g.endswith("*"))
        self.prefixes = tuple((g[:-1], g != g.lower()) for g in words if g.endswith("*"))

    def of_word(self, word: str) -> frozenset[str]:
        low = word.lower()
        found = {word} & self.exact | {low} & self.lower
        found |= {p + "*" for p, exact in self.prefixes if (word if exact else low).startswith(p)}
        return frozenset(found)


class Screen:
    """One pass over a text's words: the gate words it holds (`Gates`) and whether it may name a gene (a word
    that starts an alias, or two words that start a name). What a word gives is cached: words repeat."""

    def __init__(self, gates: Gates, genes: GeneMatcher) -> None:
        self.gates, self.genes = gates, genes
        self._word = lru_cache(maxsize=65536)(self._of_word)

    def _of_word(self, word: str) -> tuple[frozenset[str], bool, bool]:
        return (self.gates.of_word(word), word in self.genes.alias_keys,
                word.lower() in self.genes.name_first)

    def __call__(self, text: str) -> tuple[frozenset[str], bool]:
        """(the gate words present, whether a gene may be named)."""
        words = TOKEN.findall(text)
        present: set[str] = {c for c in self.gates.chars if c in text}
        alias = first = False
        for w in set(words):
            g, a, f = self._word(w)
            if g:
                present |= g
            alias = alias or a
            first = first or f
        if not alias and first:
            low = [w.lower() for w in words]
            alias = any(f"{a} {b}" in self.genes.names for a, b in zip(low, low[1:]))
        return frozenset(present), alias


@dataclass(frozen=True)
class Rules:
    """resources/biomarkers.json compiled ({CMP} filled with the comparator phrases of resources/facts.json)."""

    genes: GeneMatcher
    markers: tuple[tuple[BiomarkerMarker, re.Pattern[str], frozenset[str]], ...]
    fusion_joiner: re.Pattern[str]
    drug_after: re.Pattern[str]
    drug_before: re.Pattern[str]
    attributes: tuple[tuple[str, re.Pattern[str]], ...]
    prefixes: tuple[tuple[str, re.Pattern[str]], ...]
    orphan_start: re.Pattern[str]
    orphan_gate: frozenset[str]
    screen: Screen
    variant_token: re.Pattern[str]
    mmr_genes: frozenset[str]
    placeholder_after: re.Pattern[str]
    placeholder_before: re.Pattern[str]
    ish_alteration: dict[str, str]
    variant_genes: dict[str, str]
    amino_acids: dict[str, str]
    comparators: dict[str, str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = biomarker_rules()
    cmp = _comparator_pattern(facts_resources()["comparators"])
    markers = tuple((m, re.compile(f"(?<![A-Za-z0-9])(?:{m.pattern})(?![A-Za-z0-9])", re.I), frozenset(m.gate))
                    for m in data.markers)
    attributes = tuple((k, re.compile(p.replace("{CMP}", cmp), re.I)) for k, p in data.attributes)
    prefixes = tuple((k, re.compile(r"(?<![A-Za-z0-9])(?:" + p + r")", re.I)) for k, p in data.prefixes)
    comparators = {" ".join(k.lower().split()): v for k, v in facts_resources()["comparators"].items()}
    genes = GeneMatcher(biomarker_genes())
    gates = Gates([g for m in data.markers for g in m.gate] + data.orphan_gate)
    return Rules(genes=genes, markers=markers, screen=Screen(gates, genes),
                 fusion_joiner=re.compile(data.fusion_joiner, re.I), drug_after=re.compile(data.drug_after, re.I),
                 drug_before=re.compile(data.drug_before, re.I), attributes=attributes, prefixes=prefixes,
                 orphan_start=re.compile(data.orphan_start), orphan_gate=frozenset(data.orphan_gate),
                 variant_token=re.compile(data.variant_token), mmr_genes=frozenset(data.mmr_genes),
                 placeholder_after=re.compile(data.placeholder_after, re.I),
                 placeholder_before=re.compile(data.placeholder_before, re.I), ish_alteration=dict(data.ish_alteration),
                 variant_genes=dict(data.variant_genes), amino_acids=dict(data.amino_acids), comparators=comparators)


def may_have_orphans(text: str, present: frozenset[str]) -> bool:
    """Whether an attribute may stand apart from its gene in the text (`present`: its gate strings)."""
    r = rules()
    return not r.orphan_gate.isdisjoint(present) or r.variant_token.search(text) is not None


def comparator(raw: str | None, post: str | None = None) -> str:
    """A comparator phrase ('≥', 'at least') -> its canonical form; 'or more' after the number -> '>='; none -> '=='."""
    if raw:
        return rules().comparators.get(" ".join(raw.lower().split()), "==")
    return ">=" if post else "=="
