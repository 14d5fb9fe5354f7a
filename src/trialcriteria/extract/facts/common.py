"""What every fact rule shares: the compiled rules of resources/facts.json, the text a rule reads (`FactText`:
fullwidth forms and line breaks made plain, keyword gates), comparator phrases, number words, and the draft a
rule returns before it becomes a `Fact`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ...resources import facts_resources

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
UNIT = {"w": "W", "m": "M", "y": "Y", "d": "D", "h": "H"}
DIGIT = re.compile(r"\d")


@dataclass
class FactDraft:
    """A fact as a rule finds it, offsets into the criterion text; `extract_facts` makes it a `Fact`."""

    kind: str
    value: str
    start: int
    end: int
    scale: str | None = None
    comparator: str | None = None
    number: float | None = None
    values: list[str] = field(default_factory=list)
    duration: str | None = None
    sex: str | None = None  # a limit given per sex (QTc, blood pressure)
    negated: tuple[int, int] | None = None  # the words of the fact itself that negate it ("negative ... test")
    stated: tuple[int, int] | None = None  # a requirement the criterion states whatever its section ("must use")
    number_high: float | None = None  # the upper bound of a range ("18-80 years")


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # "＜18y" -> "<18y": same length, offsets kept


_ESCAPE = re.compile(r"\\(?=[<>=])")


def plain(text: str) -> str:
    """Fullwidth ASCII forms as ASCII, markdown escapes before comparators ("\\>") and line breaks as spaces (same
    length: offsets stay valid)."""
    return _ESCAPE.sub(" ", text.translate(_FULLWIDTH).replace("\n", " ").replace("\r", " "))


@lru_cache(maxsize=1)
def rules() -> dict:
    """resources/facts.json compiled once: {CMP} in a pattern is any comparator phrase."""
    d = facts_resources()
    out = {"comparators": {" ".join(k.lower().split()): v for k, v in d["comparators"].items()},
           "numbers": d["numbers"]}
    cmp = _comparator_pattern(d["comparators"])
    for k, v in d.items():
        if k == "histology":  # one alternation, in priority order: "non-small cell" before "small cell"
            out[k] = ([name for name, _ in v], re.compile("|".join(f"(?P<h{i}>{p})" for i, (_, p) in enumerate(v)), re.I))
        elif k == "age":
            out[k] = _age_rules(v, cmp)
        elif k == "gates":
            out[k] = {key: tuple(words) for key, words in v.items() if not key.startswith("_")}
        elif k == "sex_opposite":
            out[k] = {key: re.compile(p, re.I) for key, p in v.items()}
        elif isinstance(v, list):
            out[k] = [re.compile(p.replace("{CMP}", cmp), re.I) for p in v]
        elif isinstance(v, str):
            out[k] = re.compile(v.replace("{CMP}", cmp), re.I)
    return out


def _comparator_pattern(comparators: dict[str, str]) -> str:
    """Any comparator phrase of resources/facts.json, longest first, with flexible spaces."""
    phrases = sorted(comparators, key=len, reverse=True)
    # a lookahead on the first characters lets the engine leave most positions at once
    first = "".join(sorted({c for ph in phrases for c in (ph[0].lower(), ph[0].upper())}))
    return "(?=[" + re.escape(first) + "])(?:" + "|".join(r"\s+".join(re.escape(w) for w in ph.split()) + (r"\b" if ph[-1].isalpha() else "")
                            for ph in phrases) + ")"


def _age_rules(v: dict, cmp: str) -> dict:
    """The age forms of resources/facts.json with their placeholders filled: {CMP} is any comparator phrase,
    {N} a number, {U} a unit, {CUE} the age cue, {TAIL} 'of age' / 'old'."""
    fill = {"{CMP}": cmp, "{N}": v["number"], "{U}": v["unit"], "{CUE}": v["cue"], "{TAIL}": v["tail"]}
    forms = []
    for name, pattern in v["forms"]:
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        forms.append((name, re.compile(pattern, re.I)))
    return {"forms": forms, "subject_prefix": re.compile(v["subject_prefix"], re.I),
            "duration_after": re.compile(v["duration_after"], re.I),
            "no_unit_after": re.compile(v["no_unit_after"], re.I), "not_cue_before": re.compile(v["not_cue_before"], re.I),
            "subject_before": re.compile(v["subject_before"], re.I)}


def comparator(raw: str | None) -> str | None:
    """A comparator phrase of resources/facts.json -> its canonical comparator."""
    if not raw:
        return None
    return rules()["comparators"].get(" ".join(raw.lower().split()), None)


def number(raw: str) -> int:
    """'3' -> 3; 'three' -> 3 (the number words of resources/facts.json)."""
    raw = " ".join(raw.lower().replace("-", " ").split())
    return int(raw) if raw.isdigit() else rules()["numbers"][raw]


class FactText:
    """One criterion's text as the rules read it, with its lab thresholds and its section."""

    def __init__(self, text: str, labs: list[dict] | None = None, section: str = "unspecified"):
        self.rules = rules()
        self.work = plain(text)
        self.low = self.work.lower()
        self.labs = labs or []
        self.section = section

    def gated(self, key: str) -> bool:
        """A rule runs only when one of its gate words is in the criterion (resources/facts.json `gates`)."""
        words = self.rules["gates"].get(key)
        return words is None or any(w in self.low for w in words)

    def finditer(self, key: str) -> Iterator[re.Match]:
        return self.rules[key].finditer(self.work) if self.gated(key) else iter(())

    def search(self, key: str) -> re.Match | None:
        return self.rules[key].search(self.work) if self.gated(key) else None

    @property
    def heading(self) -> bool:
        """A short heading ("Pregnancy and contraception:") states no fact of its own."""
        return self.work.rstrip().endswith(":") and len(self.work.split()) <= 5
