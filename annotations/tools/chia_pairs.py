"""List Chia's Measurement -Has_value-> Value pairs as candidates for hand annotation of lab thresholds.

    python annotations/tools/chia_pairs.py --split test --split dev > /tmp/pairs.jsonl

Each line: trial, section (inc/exc), line (0-based), line_text, measurement, value (texts and offsets).
Annotators add comparator, value, unit, reference, analyte (see annotations/thresholds/GUIDELINES.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from trialcriteria.chia.brat import split_trials, trial_ids  # noqa: E402
from trialcriteria.chia.candidates import measurement_pairs  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--brat", type=Path, default=REPO.parent / "shared" / "corpora" / "chia" / "brat")
    ap.add_argument("--split", action="append", default=[])
    args = ap.parse_args()
    splits = split_trials(trial_ids(args.brat))
    wanted = sorted({t for s in (args.split or ["train", "dev", "test"]) for t in splits[s]})
    for row in measurement_pairs(args.brat, wanted):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
