"""The conditions lexicon at run time (resources/conditions.jsonl.gz, built by lexicons/mesh.py): MeSH descriptors
with their tree numbers, parents, ICD-10-CM codes and terms; the term index the matcher searches; descent through
the parent graph ("is Hepatitis B an infection?"); and the procedure vocabulary (resources/procedures.jsonl)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .terms import TermIndex, key

FILE = "conditions.jsonl.gz"


@dataclass(frozen=True)
class Descriptor:
    id: str
    name: str
    tree_numbers: tuple[str, ...]
    parents: tuple[str, ...]
    icd10cm: tuple[str, ...]


class ConditionLexicon:
    def __init__(self, rows: list[dict]):
        self.descriptors = {r["id"]: Descriptor(r["id"], r["name"], tuple(r["tree_numbers"]), tuple(r["parents"]),
                                                tuple(r["icd10cm"])) for r in rows}
        self._ancestors: dict[str, set[str]] = {}
        self.index = TermIndex()
        for r in rows:
            for t in r["terms"]:
                self.index.add(t, r["id"])
            for a in r["acronyms"]:
                self.index.add(a, r["id"], acronym=True)

    def ancestors(self, ident: str) -> set[str]:
        """Every descriptor above this one in the parent graph (not itself)."""
        if ident in self._ancestors:
            return self._ancestors[ident]
        out, todo = set(), [ident]
        while todo:
            d = self.descriptors.get(todo.pop())
            for p in d.parents if d else ():
                if p not in out:
                    out.add(p)
                    todo.append(p)
        self._ancestors[ident] = out
        return out

    def is_a(self, ident: str | None, ancestor: str | None) -> bool:
        """Same descriptor, or `ancestor` is above `ident` (descent through the parent graph)."""
        if ident is None or ancestor is None:
            return False
        return ident == ancestor or (ident in self.descriptors and ancestor in self.ancestors(ident))

    def lookup(self, text: str) -> str | None:
        """The descriptor a whole phrase names, if any (its normalized words equal a term's)."""
        k = key(text)
        return self.index.terms.get(k) or self.index.acronyms.get(tuple(text.split()))

    def find(self, text: str, start: int = 0, end: int | None = None, tokens=None) -> list[tuple[int, int, str]]:
        return self.index.find(text, start, end, tokens)


def read_rows(name: str = FILE) -> list[dict]:
    data = resources.files("trialcriteria.resources").joinpath(name).read_bytes()
    return [json.loads(line) for line in gzip.decompress(data).decode("utf-8").splitlines() if line]


@lru_cache(maxsize=1)
def conditions() -> ConditionLexicon:
    return ConditionLexicon(read_rows())


@dataclass(frozen=True)
class Procedure:
    id: str
    name: str
    kind: str
    qualifier: str | None
    mesh_id: str | None


class ProcedureLexicon:
    def __init__(self, rows: list[dict]):
        self.procedures = {r["id"]: Procedure(r["id"], r["name"], r["kind"], r["qualifier"], r["mesh_id"]) for r in rows}
        self.index = TermIndex()
        for r in rows:
            for t in [r["name"], *r["synonyms"]]:
                self.index.add(t, r["id"], acronym=t.isupper() and len(t) <= 6)

    def find(self, text: str, start: int = 0, end: int | None = None, tokens=None) -> list[tuple[int, int, str]]:
        return self.index.find(text, start, end, tokens)


@lru_cache(maxsize=1)
def procedures() -> ProcedureLexicon:
    text = resources.files("trialcriteria.resources").joinpath("procedures.jsonl").read_text(encoding="utf-8")
    return ProcedureLexicon([json.loads(line) for line in text.splitlines() if line])
