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
        """(kind, id) of a surface form, forgiving case, hyphens, spacing and a plural or singular ending:
        "anti-coagulants" -> class anticoagulants; "angiotensin receptor blocker" -> class arbs."""
        index = _surface_index(self)
        raw = " ".join(text.lower().split())
        # "beta-blocker treatment", "anti-psychotic agents": the head noun of the name is enough; "oral
        # antidiabetic treatment": so is the name without its route or qualifier
        bare = re.sub(r"\s+(?:treatment|therapy|therapies|medications?|drugs?|agents?|use)$", "", raw)
        plain = re.sub(r"^(?:(?:any|other|oral|systemic|intravenous|iv|topical|inhaled|chronic|concomitant|current)\s+)+", "", bare)
        for form in dict.fromkeys([raw, bare, plain]):
            for key in dict.fromkeys([normalize_surface(form), " ".join(form.replace("-", " ").split())]):
                for candidate in (key, key + "s", key[:-1] if key.endswith("s") else None,
                                  key[:-2] if key.endswith("es") else None,
                                  # the adjective of a class: "immunosuppressive", "anti-depressive" -> -ants
                                  key[:-3] + "ants" if key.endswith("ive") else None):
                    if candidate and candidate in index:
                        return index[candidate]
        return None

    def find_class(self, name: str) -> str | None:
        key = name.strip().lower()
        for c in self.classes.values():
            if key == c.id or key == c.name.lower() or key in (s.lower() for s in c.synonyms):
                return c.id
        return None


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


@lru_cache(maxsize=1)
def lexicon() -> DrugLexicon:
    drugs = [DrugEntry.model_validate(r) for r in read_jsonl("drugs.jsonl")]
    classes = [DrugClassEntry.model_validate(r) for r in read_jsonl("drug_classes.jsonl")]
    return DrugLexicon({d.id: d for d in drugs}, {c.id: c for c in classes})


def members(class_name: str) -> list[str]:
    """The drugs of a class given by id, name or synonym ("strong CYP3A4 inhibitors"), subclasses included."""
    lex = lexicon()
    cid = lex.find_class(class_name)
    if cid is None:
        raise KeyError(f"no drug class named {class_name!r}")
    return lex.members(cid)
