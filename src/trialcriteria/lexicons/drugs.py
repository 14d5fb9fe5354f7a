"""Pure: the drug lexicon as a graph of drugs and classes (resources/drugs.jsonl, drug_classes.jsonl).

    >>> from trialcriteria.lexicons.drugs import members
    >>> "ketoconazole" in members("strong CYP3A4 inhibitors")
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_jsonl
from ..schema import DrugClassEntry, DrugEntry


@dataclass(frozen=True)
class DrugLexicon:
    drugs: dict[str, DrugEntry]
    classes: dict[str, DrugClassEntry]

    def ancestors(self, class_id: str) -> list[str]:
        """A class and all its parents, nearest first, each once."""
        out, todo = [], [class_id]
        while todo:
            c = todo.pop(0)
            if c in out or c not in self.classes:
                continue
            out.append(c)
            todo.extend(self.classes[c].parents)
        return out

    def drug_classes(self, drug_id: str) -> list[str]:
        out: list[str] = []
        for c in self.drugs[drug_id].classes:
            for a in self.ancestors(c):
                if a not in out:
                    out.append(a)
        return sorted(out)

    def class_classes(self, class_id: str) -> list[str]:
        return sorted(self.ancestors(class_id))

    def descendants(self, class_id: str) -> set[str]:
        out = {class_id}
        changed = True
        while changed:
            changed = False
            for c in self.classes.values():
                if c.id not in out and any(p in out for p in c.parents):
                    out.add(c.id)
                    changed = True
        return out

    def members(self, class_id: str) -> list[str]:
        """Drug names in a class or any of its subclasses."""
        sub = self.descendants(class_id)
        return sorted(d.name for d in self.drugs.values() if any(c in sub for c in d.classes))

    def lookup(self, text: str) -> tuple[str, str] | None:
        """(kind, id) of a surface form, forgiving case, hyphens, spacing, a parenthesis inside ("phosphatidyl-
        inositol-3-kinase (PI-3K) inhibitor"), a plural or singular ending, trailing head words ("anti-arrhythmic
        drug therapy") and leading routes or qualifiers ("oral antidiabetic treatment"):
        "anti-coagulants" -> class anticoagulants; "angiotensin receptor blocker" -> class arbs."""
        index = _surface_index(self)
        raw = " ".join(re.sub(r"[®™]|\((?:R|TM)\)", "", text).lower().split())
        unbracketed = " ".join(re.sub(r"\s*\([^()]*\)", "", raw).split())
        forms = []
        for base in dict.fromkeys([raw, unbracketed]):
            # "beta-blocker treatment", "anti-psychotic agents": the head noun of the name is enough; "oral
            # antidiabetic treatment": so is the name without its route or qualifier
            bare = base
            for _ in range(3):
                bare = _TAIL.sub("", bare)
            plain = _ROUTE.sub("", bare)
            forms.extend([base, bare, plain])
        for form in dict.fromkeys(forms):
            for key in dict.fromkeys([normalize_surface(form), " ".join(form.replace("-", " ").split())]):
                for candidate in (key, key + "s", key[:-1] if key.endswith("s") else None,
                                  key[:-2] if key.endswith("es") else None,
                                  # the adjective of a class: "immunosuppressive", "anti-depressive" -> -ants
                                  key[:-3] + "ants" if key.endswith("ive") else None):
                    if candidate and candidate in index:
                        return index[candidate]
        return None

    def fuzzy(self, text: str) -> tuple[str, str] | None:
        """(kind, id) of a misspelled one-word drug name ("nivarapine" -> nevirapine, "loratidine" -> loratadine):
        the one drug name or synonym of the same first letter within 2 edits (1 for names of 9 letters; none under 9)."""
        word = text.strip().lower()
        if not re.fullmatch(r"[a-z][a-z-]{5,}", word):
            return None
        if len(word) < 9:
            return None  # "apatinib" is one letter from "afatinib": short names differ by a letter
        limit = 2 if len(word) >= 10 else 1
        best: list[tuple[int, tuple[str, str]]] = []
        for key, target in _surface_index(self).items():
            if target[0] != "drug" or key[:1] != word[:1] or abs(len(key) - len(word)) > limit or " " in key:
                continue
            d = _edits(word, key, limit)
            if d <= limit:
                best.append((d, target))
        if not best:
            return None
        low = min(d for d, _ in best)
        hits = {t for d, t in best if d == low}
        return hits.pop() if len(hits) == 1 else None

    def find_class(self, name: str) -> str | None:
        key = name.strip().lower()
        for c in self.classes.values():
            if key == c.id or key == c.name.lower() or key in (s.lower() for s in c.synonyms):
                return c.id
        return None


_TAIL = re.compile(r"\s+(?:treatment|treatments|therapy|therapies|medications?|medicines?|drugs?|agents?|use|"
                   r"products?|preparations?|regimens?)$")
_ROUTE = re.compile(r"^(?:(?:any|other|oral|systemic|intravenous|iv|topical|inhaled|chronic|concomitant|current|"
                    r"prior|previous|concurrent|adjuvant|neoadjuvant|palliative|prophylactic|long-term|daily|"
                    r"prescription|exogenous)\s+)+")


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is past limit."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def normalize_surface(text: str) -> str:
    return " ".join(text.lower().replace("-", "").replace("’", "'").split())


def _index_keys(text: str) -> list[str]:
    """The forms a name is indexed under: hyphens dropped ("anticoagulants") and hyphens as spaces ("beta blocker")."""
    low = " ".join(text.lower().replace("’", "'").split())
    return list(dict.fromkeys([normalize_surface(low), " ".join(low.replace("-", " ").split())]))


_INDEX: dict[int, dict[str, tuple[str, str]]] = {}


def _surface_index(lex: "DrugLexicon") -> dict[str, tuple[str, str]]:
    if id(lex) not in _INDEX:
        index: dict[str, tuple[str, str]] = {}
        for d in lex.drugs.values():
            for t in [d.name, *d.synonyms]:
                for k in _index_keys(t):
                    index.setdefault(k, ("drug", d.id))
        for c in lex.classes.values():
            for t in [c.name, *c.synonyms, c.id.replace("_", " ")]:  # the id too: "antidiabetics"
                for k in _index_keys(t):
                    index.setdefault(k, ("class", c.id))
        _INDEX[id(lex)] = index
    return _INDEX[id(lex)]


# the head words whose other number still names the class ("ACE inhibitor"); "growth factor" (from "growth
# factors") would also name "epidermal growth factor receptor"
_NUMBER_HEAD = re.compile(r"\b(?:inhibitors?|blockers?|agonists?|antagonists?|analogues?|analogs?|antibod(?:y|ies)|"
                          r"agents?|drugs?|medications?|medicines?|therap(?:y|ies)|treatments?|modulators?|"
                          r"conjugates?|vaccines?|vaccinations?|inducers?|antibiotics?|steroids?|corticosteroids?|"
                          r"glucocorticoids?|[a-z]+(?:ants|ines|ides|ins|ones|oles))$", re.I)
_JOINED_PREFIX = re.compile(r"\b(anti|non|co|multi|pan|pre|post|pro)-(?=[a-z])")


def surface_variants(surface: str, kind: str) -> list[str]:
    """The spellings a name is also written in: hyphens as spaces ("angiotensin-converting enzyme" -> "angiotensin
    converting enzyme"), a prefix joined ("anti-coagulants" <-> "anticoagulants"), and for a class the other
    number of its last word ("ACE inhibitors" <-> "ACE inhibitor")."""
    out = []
    base = [surface]
    if "-" in surface:
        base.append(" ".join(surface.replace("-", " ").split()))
        base.append(_JOINED_PREFIX.sub(r"\1", surface))
    base.append(re.sub(r"\b(anti|non)(?=(?:inflammatory|steroidal|coagula|platelet|arrhythm|psychotic|depress|"
                       r"convuls|epilep|emetic|histamin|viral|fungal|hypertens|diabet|retroviral|neoplastic|cancer))",
                       r"\1-", surface))
    for b in dict.fromkeys(base):
        out.append(b)
        # "biologics", "psychotropics": the singular of an -ics name is an adjective ("biologic composition")
        if kind == "class" and re.search(r"[a-z]$", b) and not re.search(r"\b[A-Z0-9-]+s?$", b) and (
                " " not in b or _NUMBER_HEAD.search(b)) and not b.endswith("ics"):
            if b.endswith("ies"):
                out.append(b[:-3] + "y")
            elif b.endswith("s") and not b.endswith(("ss", "us", "is")):
                out.append(b[:-1])
            elif b.endswith("y") and not b.endswith(("ay", "ey", "oy")):
                out.append(b[:-1] + "ies")
            elif not b.endswith("s"):
                out.append(b + "s")
    # a variant with a one-letter word ("ACE I" from "ACE-I") matches ordinary text
    return [v for v in dict.fromkeys(out) if v != surface and not re.search(r"(?:^|\s)[A-Za-z](?:\s|$)", v)]


def _with_variants(drugs: list[DrugEntry], classes: list[DrugClassEntry]) -> tuple[list[DrugEntry], list[DrugClassEntry]]:
    """Entries whose synonyms also hold the variants of their names (surface_variants) that name no other entry."""
    owner: dict[str, tuple[str, str]] = {}
    for kind, items in (("class", classes), ("drug", drugs)):
        for it in items:
            for t in [it.name, *it.synonyms]:
                owner.setdefault(t.lower(), (kind, it.id))
    out: dict[str, list] = {"drug": [], "class": []}
    for kind, items in (("class", classes), ("drug", drugs)):
        for it in items:
            extra = []
            for t in [it.name, *it.synonyms]:
                for v in surface_variants(t, kind):
                    if owner.setdefault(v.lower(), (kind, it.id)) == (kind, it.id) and v not in it.synonyms:
                        extra.append(v)
            out[kind].append(it.model_copy(update={"synonyms": [*it.synonyms, *dict.fromkeys(extra)]}))
    return out["drug"], out["class"]


@lru_cache(maxsize=1)
def lexicon() -> DrugLexicon:
    drugs = [DrugEntry.model_validate(r) for r in read_jsonl("drugs.jsonl")]
    classes = [DrugClassEntry.model_validate(r) for r in read_jsonl("drug_classes.jsonl")]
    drugs, classes = _with_variants(drugs, classes)
    return DrugLexicon({d.id: d for d in drugs}, {c.id: c for c in classes})


def members(class_name: str) -> list[str]:
    """The drugs of a class given by id, name or synonym ("strong CYP3A4 inhibitors"), subclasses included."""
    lex = lexicon()
    cid = lex.find_class(class_name)
    if cid is None:
        raise KeyError(f"no drug class named {class_name!r}")
    return lex.members(cid)
