"""Check the coded gold (annotations/real/coding/, annotations/coding/): each file validates as a GoldCodingDoc,
every record's text is the source text at its offsets, MeSH ids are descriptors of ../shared/vocab/mesh,
procedure ids are entries of the procedure vocabulary (or `other`), genes are HGNC approved symbols, and variants
read like HGVS protein changes.

    python annotations/tools/check_coding.py [FILES or IDS...]
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))
from sources import source_text  # noqa: E402
from vocab import VOCAB, mesh  # noqa: E402

FOLDERS = (REPO / "annotations" / "real" / "coding", REPO / "annotations" / "coding",
           REPO / "annotations" / "coding" / "biomarkers")
HGVS = re.compile(r"^p\.(?:[A-Z][a-z]{2}\d+(?:[A-Z][a-z]{2}|\*|fs|del|dup)|[A-Z][a-z]{2}\d+_[A-Z][a-z]{2}\d+(?:del|ins|dup)\w*)$")


def procedure_ids() -> set[str]:
    path = REPO / "src" / "trialcriteria" / "lexicons" / "sources" / "procedures.tsv"
    rows = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {ln.split("\t")[0] for ln in rows[1:]} | {"other"}


def genes() -> set[str]:
    with gzip.open(VOCAB / "hgnc" / "hgnc_complete_set.txt.gz", "rt", encoding="utf-8") as fh:
        return {row["symbol"] for row in csv.DictReader(fh, delimiter="\t")}


def check(path: Path, known: dict) -> list[str]:
    from trialcriteria.schema import GoldCodingDoc

    try:
        doc = GoldCodingDoc.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except Exception as exc:  # noqa: BLE001
        return [f"does not validate: {exc}"]
    text = source_text(doc.source)
    out = []
    for key in ("conditions", "procedures", "biomarkers"):
        items = getattr(doc, key)
        if items and key not in doc.kinds:
            out.append(f"{key} given but not in kinds")
        for i, r in enumerate(items):
            where = f"{key}[{i}] {r.text!r}"
            if r.start is None or text[r.start : r.end] != r.text:
                out.append(f"{where}: offsets missing or wrong (run locate_coding.py)")
            if key == "conditions" and r.mesh_id and r.mesh_id not in known["mesh"]:
                out.append(f"{where}: {r.mesh_id} is not a descriptor of the vocabulary")
            if key == "procedures" and r.id not in known["procedures"]:
                out.append(f"{where}: {r.id} is not a procedure id")
            if key == "biomarkers":
                if r.gene and r.gene not in known["genes"]:
                    out.append(f"{where}: {r.gene} is not an HGNC approved symbol")
                if r.variant and not HGVS.match(r.variant):
                    out.append(f"{where}: variant {r.variant!r} is not an HGVS protein change")
    return out


def main() -> int:
    args = sys.argv[1:]
    files = [Path(a) for a in args if a.endswith(".json")]
    ids = {a for a in args if not a.endswith(".json")}
    if not files:
        files = [p for folder in FOLDERS for p in sorted(folder.glob("*.json")) if not ids or p.stem in ids]
    known = {"mesh": set(mesh()[0]), "procedures": procedure_ids(), "genes": genes()}
    bad = 0
    for f in files:
        problems = check(f, known)
        bad += bool(problems)
        for p in problems:
            print(f"{f}: {p}")
    print(f"{len(files)} files checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
