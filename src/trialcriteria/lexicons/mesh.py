"""The build step of the conditions lexicon: ../shared/vocab (MeSH disease descriptors with their entry terms and
tree, Disease Ontology bridges to ICD-10-CM) plus the hand-edited sources (lexicons/sources/conditions_*.tsv) ->
resources/conditions.jsonl.gz, one descriptor per line.

What is kept:
- descriptors of the MeSH C tree (diseases) and F03 (mental disorders), by their own or their parents' tree
  numbers, less disease attributes (acute, chronic, recurrence: C23.550.291) and "Disease" itself; a descriptor
  the tree file lacks (newer than the tree extract) is kept when its name ends in the head word of a C-tree name
  and some kept descriptor's name is a word sequence of its name or terms ("Guttate Psoriasis" under Psoriasis):
  those become its parents;
- entry terms written as in running text: inverted forms ("Carcinoma, Non-Small-Cell Lung") are turned back
  ("Non-Small-Cell Lung Carcinoma"); terms shorter than 3 characters, terms of generic words only ("disease",
  "syndrome"), the stop list (conditions_stop.tsv) and terms that name two descriptors (unless one of them is
  the descriptor's own name) are dropped; acronyms (all capitals, up to 6 characters) are kept as `acronyms`,
  matched case-sensitively;
- the curated terms of conditions_terms.tsv (class phrases such as "any malignancy", clinical wordings such as
  "brain metastases", common acronyms) added to their descriptor.

Tree numbers: the tree file gives each descriptor its parents and the parents' tree numbers. A descriptor that is
a parent somewhere has its own numbers (those rows give them); a leaf's own number is not in the file, so its
`tree_numbers` are its parents' numbers (a class still matches it by prefix: C04 covers every neoplasm), and
`parents` gives the graph that descent follows (lexicons.conditions.ancestors).

ICD-10-CM: a descriptor's codes are those of the Disease Ontology terms mapped to it (do_to_mesh.tsv ->
do_to_icd10cm.tsv), plus conditions_icd10cm.tsv, each checked against the ICD-10-CM code list
(simple-icd-10-cm); at most MAX_ICD codes per descriptor (a class mapped to many codes gets none: too broad).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import defaultdict
from pathlib import Path

ROOTS = ("C", "F03")
# disease attributes (acute, chronic, recurrence, remission, progression) and "Disease" itself: not conditions
EXCLUDED_TREES = ("C23.550.291", "C23.550.288")
MAX_ICD = 8
ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]{1,5}$")
GENERIC = {"disease", "diseases", "disorder", "disorders", "syndrome", "syndromes", "condition", "conditions",
           "illness", "illnesses", "sign", "signs", "symptom", "symptoms", "injury", "injuries", "type", "other",
           "of", "the", "and", "or", "in", "with", "a", "an", "to", "state", "states"}


class VocabError(ValueError):
    """The vocabulary folder lacks a file or holds something the build cannot read."""


def read_tree(vocab: Path) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """(parents by descriptor, own tree numbers by descriptor, parents' numbers by descriptor) from c-f-tree.tsv."""
    parents, own, via = defaultdict(set), defaultdict(set), defaultdict(set)
    with open(vocab / "mesh" / "c-f-tree.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            child, parent, number = row["MESH_ID"], row["PARENT_MESH_ID"], row["PARENT_MESH_CATEGORY"]
            own[parent].add(number)
            if child == parent:
                continue
            parents[child].add(parent)
            via[child].add(number)
    return parents, own, via


def tree_numbers(ident: str, own: dict[str, set[str]], via: dict[str, set[str]]) -> list[str]:
    """A descriptor's own tree numbers when the file gives them, else its parents' numbers (see the module doc)."""
    return sorted(own.get(ident) or via.get(ident) or ())


def _kept_root(numbers: list[str]) -> bool:
    return any(n.startswith(ROOTS) and not n.startswith(EXCLUDED_TREES) for n in numbers)


def uninvert(term: str) -> str:
    """'Carcinoma, Non-Small-Cell Lung' -> 'Non-Small-Cell Lung Carcinoma'; 'Diabetes Mellitus, Type 2' -> 'Type 2
    Diabetes Mellitus'; a term with two commas or more is left as it is."""
    parts = [p.strip() for p in term.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else term


def clean_terms(terms: list[str], stop: set[str]) -> tuple[list[str], list[str]]:
    """(terms, acronyms) of a descriptor as written in running text: uninverted, filtered (module doc)."""
    from .terms import key

    stop_keys = {key(s) for s in stop}
    words, acronyms = {}, {}
    for t in terms:
        t = uninvert(" ".join(t.split()))
        if "," in t or len(t) < 3 or t.lower() in stop or key(t) in stop_keys:
            continue
        if ACRONYM.match(t):
            acronyms.setdefault(t, None)
        elif not set(re.findall(r"[a-z0-9]+", t.lower())) <= GENERIC:
            words.setdefault(t.lower(), None)
    return list(words), list(acronyms)


def _head(name: str) -> str:
    """The head word of a name: its last word, or the word before "of" ("Adenocarcinoma of Lung")."""
    text = uninvert(name).lower()
    text = text.split(" of ")[0] if " of " in text else text
    words = re.findall(r"[a-z0-9]+", text)
    return words[-1] if words else ""


def untreed_parents(d: dict, kept: dict[str, dict]) -> list[str]:
    """The kept descriptors whose name (uninverted) is a word sequence inside this descriptor's name or terms."""
    texts = [f" {' '.join(re.findall(r'[a-z0-9]+', uninvert(t).lower()))} " for t in [d["name"], *d["synonyms"]]]
    out = []
    for k, e in kept.items():
        name = f" {' '.join(re.findall(r'[a-z0-9]+', uninvert(e['name']).lower()))} "
        if len(name) > 4 and any(name in t and name != t for t in texts):
            out.append(k)
    return sorted(out)


def descriptors(vocab: Path, force: set[str] = frozenset()) -> list[dict]:
    """The kept descriptors with their terms, tree numbers and parents (no ICD codes yet); `force`: descriptors
    the curated sources name, kept even when the tree file lacks them."""
    path = vocab / "mesh" / "disease-descriptors.json"
    if not path.exists():
        raise VocabError(f"{path}: missing (the MeSH disease descriptors)")
    raw = json.loads(path.read_text(encoding="utf-8"))
    parents, own, via = read_tree(vocab)
    kept: dict[str, dict] = {}
    for d in raw:
        numbers = tree_numbers(d["id"], own, via)
        if _kept_root(numbers):
            kept[d["id"]] = {"id": d["id"], "name": d["name"], "tree_numbers": numbers,
                             "parents": sorted(p for p in parents.get(d["id"], ()) if p != d["id"]), "src": d}
    heads = {_head(e["name"]) for e in kept.values() if any(n.startswith("C") for n in e["tree_numbers"])}
    treed = set(own) | set(via)
    extra = {}
    for d in raw:
        if d["id"] not in treed and (_head(d["name"]) in heads - GENERIC or d["id"] in force):
            ps = untreed_parents(d, kept)
            if not ps and d["id"] not in force:
                continue
            extra[d["id"]] = {"id": d["id"], "name": d["name"], "tree_numbers": sorted({n for p in ps for n in kept[p]["tree_numbers"]}),
                              "parents": ps, "src": d}
    kept.update(extra)
    for e in kept.values():
        e["parents"] = [p for p in e["parents"] if p in kept]
    return [kept[k] for k in sorted(kept)]


def icd_bridge(vocab: Path) -> dict[str, set[str]]:
    """MeSH id -> ICD-10-CM codes through the Disease Ontology (not yet validated)."""
    do_dir = vocab / "disease-ontology"
    to_icd = defaultdict(set)
    with open(do_dir / "do_to_icd10cm.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            to_icd[row["DO_ID"]].add(row["ICD10CM_ID"].strip())
    out = defaultdict(set)
    with open(do_dir / "do_to_mesh.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["MESH_ID"].strip()] |= to_icd.get(row["DO_ID"], set())
    return out


def valid_icd(codes: set[str]) -> list[str]:
    """The codes that the ICD-10-CM code list holds (simple-icd-10-cm), sorted."""
    import simple_icd_10_cm as cm

    return sorted(c for c in codes if c and cm.is_valid_item(c))


def assign_terms(entries: list[dict], stop: set[str], curated: dict[str, list[str]]) -> None:
    """Each entry's `terms` and `acronyms`; a term naming two descriptors stays only with the one it names."""
    owners: dict[str, set[str]] = defaultdict(set)
    taken = {t.lower() for terms in curated.values() for t in terms}
    for e in entries:
        terms, acronyms = clean_terms([e["src"]["name"], *e["src"]["synonyms"]], stop)
        e["terms"] = [t for t in terms if t not in taken]
        e["acronyms"] = [a for a in acronyms if a.lower() not in taken]
        for t in [*e["terms"], *(a.lower() for a in e["acronyms"])]:
            owners[t].add(e["id"])
    for e in entries:
        own_name = uninvert(e["name"]).lower()
        keep = lambda t: len(owners[t]) == 1 or t == own_name  # noqa: E731
        e["terms"] = [t for t in e["terms"] if keep(t)]
        e["acronyms"] = [a for a in e["acronyms"] if keep(a.lower())]
        for t in curated.get(e["id"], []):
            target = e["acronyms"] if ACRONYM.match(t) else e["terms"]
            value = t if ACRONYM.match(t) else t.lower()
            if value not in target:
                target.append(value)


def conditions_rows(vocab: Path, stop: set[str], curated: dict[str, list[str]], icd_extra: dict[str, set[str]]) -> list[dict]:
    """Every line of resources/conditions.jsonl.gz, in descriptor order."""
    entries = descriptors(vocab, set(curated) | set(icd_extra))
    ids = {e["id"] for e in entries}
    unknown = sorted(set(curated) - ids) + sorted(set(icd_extra) - ids)
    if unknown:
        raise VocabError(f"curated conditions name descriptors the lexicon lacks: {', '.join(unknown)}")
    assign_terms(entries, stop, curated)
    bridge = icd_bridge(vocab)
    rows = []
    for e in entries:
        codes = valid_icd(bridge.get(e["id"], set()))
        codes = valid_icd(icd_extra[e["id"]]) if e["id"] in icd_extra else codes if len(codes) <= MAX_ICD else []
        rows.append({"id": e["id"], "name": e["name"], "tree_numbers": e["tree_numbers"], "parents": e["parents"],
                     "icd10cm": codes, "terms": e["terms"], "acronyms": e["acronyms"]})
    return rows


def gzip_jsonl(rows: list[dict]) -> bytes:
    """JSON lines, gzipped with no timestamp and no file name (so that a fresh build is byte-identical)."""
    data = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()
