"""Check the real-distribution gold (annotations/real/): every file validates against its schema model, names a
trial of sample.tsv with its source, and every record's text is exactly the source text at its offsets. Trees:
parents exist and share their section, nodes with children have `logic`, groups have two children or more, and
the text no node covers is listed (it should be only headers, introductions and furniture). Records carry a
polarity; drugs carry a timing, and their ids and classes are the lexicon's.

    python annotations/tools/check_real.py [IDS...] [--uncovered]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

from real_sample import read_sample  # noqa: E402
from sources import source_text  # noqa: E402

REAL = REPO / "annotations" / "real"
KINDS = {"trees": "GoldTree", "thresholds": "GoldThresholdDoc", "facts": "GoldFactsDoc"}
LISTS = {"trees": ("criteria",), "thresholds": ("thresholds",), "facts": ("time_windows", "drugs", "facts")}


def check_file(path: Path, kind: str, sample: dict, lexicon, uncovered: bool) -> list[str]:
    from trialcriteria import schema

    problems: list[str] = []
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        doc = getattr(schema, KINDS[kind]).model_validate(raw)
    except Exception as exc:  # noqa: BLE001 - report, go on with the next file
        return [f"does not validate: {exc}"]
    row = sample.get(doc.doc_id)
    if row is None or path.stem != doc.doc_id:
        return [f"doc_id {doc.doc_id!r} is not a sampled trial named like the file"]
    if doc.source != row["source"] or doc.source_kind != row["kind"]:
        problems.append(f"source/source_kind must be {row['source']!r} / {row['kind']!r}")
    text = source_text(row["source"])
    for key in LISTS[kind]:
        for i, rec in enumerate(getattr(doc, key)):
            where = f"{key}[{i}]"
            if rec.start is None or rec.end is None:
                problems.append(f"{where}: no offsets (run the locate tool)")
            elif text[rec.start : rec.end] != rec.text:
                problems.append(f"{where}: text differs from the source at {rec.start}:{rec.end}")
            if kind != "trees" and getattr(rec, "polarity", "x") is None:
                problems.append(f"{where}: no polarity")
    if kind == "trees":
        problems += _tree_problems(doc, text, uncovered)
    if kind == "facts":
        for i, d in enumerate(doc.drugs):
            if d.timing is None:
                problems.append(f"drugs[{i}]: no timing")
            if d.id == "unknown":
                continue
            table = lexicon.drugs if d.kind == "drug" else lexicon.classes
            if d.id not in table:
                problems.append(f"drugs[{i}]: {d.kind} id {d.id!r} is not in the lexicon")
                continue
            want = lexicon.drug_classes(d.id) if d.kind == "drug" else lexicon.class_classes(d.id)
            if sorted(d.classes) != want:
                problems.append(f"drugs[{i}]: classes should be {want}")
    return problems


def _tree_problems(doc, text: str, uncovered: bool) -> list[str]:
    problems = []
    by_id = {n.id: n for n in doc.criteria}
    children: dict[str, list] = {}
    for n in doc.criteria:
        if n.parent_id is not None:
            children.setdefault(n.parent_id, []).append(n)
            if by_id[n.parent_id].section != n.section:
                problems.append(f"{n.id}: section differs from its parent's")
    for n in doc.criteria:
        kids = [c for c in children.get(n.id, []) if c.kind != "note"]
        if kids and n.logic is None:
            problems.append(f"{n.id}: has children but no logic")
        if not kids and n.logic is not None:
            problems.append(f"{n.id}: logic without children")
        if n.kind == "group" and len(kids) < 2:
            problems.append(f"{n.id}: a group needs two children or more")
    if uncovered:
        covered = bytearray(len(text))
        for n in doc.criteria:
            covered[n.start : n.end] = b"\x01" * (n.end - n.start)
        for m in re.finditer(r"[^\x00]+", "".join(ch if not covered[i] else "\x00" for i, ch in enumerate(text))):
            piece = m.group(0).strip()
            if piece and not re.fullmatch(r"[-*•·\d.)(\\\s]*", piece):
                problems.append(f"not in any node ({m.start()}): {piece[:90]!r}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("ids", nargs="*")
    ap.add_argument("--uncovered", action="store_true", help="list the text of each tree that no node covers")
    ap.add_argument("--root", type=Path, default=REAL, help="the gold folder (annotations/real/second for the "
                                                           "second annotator's files)")
    args = ap.parse_args()
    from trialcriteria.lexicons.drugs import lexicon

    sample = {r["id"]: r for r in read_sample()}
    lex = lexicon()
    bad = files = 0
    for kind in KINDS:
        for path in sorted((args.root / kind).glob("*.json")):
            if args.ids and path.stem not in args.ids:
                continue
            files += 1
            problems = check_file(path, kind, sample, lex, args.uncovered)
            bad += bool([p for p in problems if not p.startswith("not in any node")])
            for p in problems:
                print(f"{path}: {p}")
    print(f"{files} files checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
