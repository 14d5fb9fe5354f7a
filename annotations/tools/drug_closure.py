"""Print a lexicon entry and its full class closure, read straight from the resource files (not through the
pipeline's code): for a drug, its classes and all their ancestors; for a class, itself and its ancestors (sorted),
as annotations/facts/GUIDELINES.md asks of a gold drug record's `classes`.

    python annotations/tools/drug_closure.py drug cabozantinib
    python annotations/tools/drug_closure.py class hormonal_contraceptives
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "src" / "trialcriteria" / "resources"


def _read(name: str) -> dict[str, dict]:
    rows = (json.loads(line) for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines() if line.strip())
    return {r["id"]: r for r in rows}


DRUGS = _read("drugs.jsonl")
CLASSES = _read("drug_classes.jsonl")


def _ancestors(class_id: str, out: set[str]) -> None:
    if class_id in out or class_id not in CLASSES:
        return
    out.add(class_id)
    for parent in CLASSES[class_id]["parents"]:
        _ancestors(parent, out)


def closure(kind: str, entry_id: str) -> list[str]:
    out: set[str] = set()
    for c in DRUGS[entry_id]["classes"] if kind == "drug" else [entry_id]:
        _ancestors(c, out)
    return sorted(out)


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("drug", "class"):
        print(__doc__)
        return 2
    kind, entry_id = sys.argv[1], sys.argv[2]
    table = DRUGS if kind == "drug" else CLASSES
    if entry_id not in table:
        print(f"no {kind} {entry_id!r} in the lexicon")
        return 1
    print(json.dumps(table[entry_id], ensure_ascii=False))
    print(json.dumps(closure(kind, entry_id)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
