"""Agreement between the Chia facts gold and a second, independent annotation of a sample of its lines.

    python annotations/tools/agreement.py annotations/facts/chia_second.jsonl

Both are compared as sets of (kind, value) per line, on the sampled lines listed in
annotations/facts/chia_second_lines.jsonl (90 lines drawn at random, seed 7, from the lines read for facts only).
Prints P and R of the second annotation against the gold, and the lines where they differ.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def facts_by_line(path: Path) -> dict[tuple, set]:
    out: dict[tuple, set] = defaultdict(set)
    for row in path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            d = json.loads(row)
            if d.get("type") == "fact":
                out[(d["trial"], d["section"], d["line"])].add((d["kind"], d["value"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("second", type=Path)
    ap.add_argument("--lines", type=Path, help="the sampled lines (JSONL with trial, section, line)",
                    default=REPO / "annotations" / "facts" / "chia_second_lines.jsonl")
    ap.add_argument("--gold", type=Path, default=REPO / "annotations" / "facts" / "chia.jsonl")
    args = ap.parse_args()
    lines = {(d["trial"], d["section"], d["line"]) for d in map(json.loads, args.lines.read_text(encoding="utf-8").splitlines())}
    gold, second = facts_by_line(args.gold), facts_by_line(args.second)
    agree = sum(len(gold[k] & second[k]) for k in lines)
    n_gold, n_second = sum(len(gold[k]) for k in lines), sum(len(second[k]) for k in lines)
    p, r = agree / n_second if n_second else 1.0, agree / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"lines {len(lines)}  gold {n_gold}  second {n_second}  agreeing {agree}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    for k in sorted(lines):
        if gold[k] != second[k]:
            print(k, "gold only:", sorted(gold[k] - second[k]), "second only:", sorted(second[k] - gold[k]))


if __name__ == "__main__":
    main()
