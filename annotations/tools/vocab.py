"""Look things up in the vocabularies of ../shared/vocab while coding gold by hand (MeSH descriptors, HGNC
genes) and in the project's procedure vocabulary. It searches the vocabularies only, never the program's output.

    python annotations/tools/vocab.py mesh "interstitial lung disease"   # descriptors whose terms match
    python annotations/tools/vocab.py mesh-id D017563                    # one descriptor: terms, parents
    python annotations/tools/vocab.py gene HER2                          # HGNC symbol, id and aliases
    python annotations/tools/vocab.py procedures                         # the procedure vocabulary
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VOCAB = REPO.parent / "shared" / "vocab"


@lru_cache(maxsize=1)
def mesh() -> tuple[dict, dict]:
    desc = {d["id"]: d for d in json.loads((VOCAB / "mesh" / "disease-descriptors.json").read_text(encoding="utf-8"))}
    parents: dict[str, set[tuple[str, str]]] = {}
    with open(VOCAB / "mesh" / "c-f-tree.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["PARENT_MESH_ID"] != row["MESH_ID"]:
                parents.setdefault(row["MESH_ID"], set()).add((row["PARENT_MESH_ID"], row["PARENT_MESH_CATEGORY"]))
    return desc, parents


def _words(s: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", s.lower()))


def search_mesh(query: str, n: int = 15) -> None:
    desc, parents = mesh()
    q, qw = query.lower().strip(), _words(query)
    scored = []
    for d in desc.values():
        terms = [d["name"], *d["synonyms"]]
        best = 0.0
        for t in terms:
            tl = t.lower()
            if tl == q:
                best = max(best, 100)
            elif q in tl or tl in q:
                best = max(best, 50 - abs(len(tl) - len(q)) / 10)
            else:
                tw = _words(t)
                if tw and qw:
                    best = max(best, 40 * len(tw & qw) / len(tw | qw))
        if best > 10:
            scored.append((best, d))
    for score, d in sorted(scored, key=lambda x: -x[0])[:n]:
        ps = ", ".join(f"{desc[p]['name'] if p in desc else p} [{num}]" for p, num in sorted(parents.get(d["id"], ())))
        print(f"{d['id']}  {d['name']}   (score {score:.0f}; under: {ps or 'a root'})")


def show_mesh(ident: str) -> None:
    desc, parents = mesh()
    d = desc.get(ident)
    if d is None:
        print(f"{ident}: not a descriptor of the vocabulary")
        return
    print(f"{d['id']}  {d['name']}\n  terms: {'; '.join(d['synonyms'][:40])}")
    todo, seen = [ident], set()
    while todo:
        x = todo.pop()
        for p, num in sorted(parents.get(x, ())):
            if (x, p) in seen:
                continue
            seen.add((x, p))
            print(f"  {desc[x]['name'] if x in desc else x} is under {p} {desc[p]['name'] if p in desc else ''} [{num}]")
            todo.append(p)


def search_gene(query: str) -> None:
    q = query.strip().upper()
    with gzip.open(VOCAB / "hgnc" / "hgnc_complete_set.txt.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names = {row["symbol"].upper()} | {a.strip().upper() for a in (row["alias_symbol"] + "|" + row["prev_symbol"]).split("|") if a.strip()}
            if q in names or q in row["name"].upper():
                print(f"{row['symbol']}  {row['hgnc_id']}  {row['name']}  aliases: {row['alias_symbol']}  previous: {row['prev_symbol']}")


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cmd, args = sys.argv[1], " ".join(sys.argv[2:])
    if cmd == "mesh":
        search_mesh(args)
    elif cmd == "mesh-id":
        show_mesh(args.strip())
    elif cmd == "gene":
        search_gene(args)
    elif cmd == "procedures":
        print((REPO / "src" / "trialcriteria" / "lexicons" / "sources" / "procedures.tsv").read_text(encoding="utf-8"))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
