"""List Chia lines that may state one of the other computable facts, as candidates for hand annotation.

    python annotations/tools/chia_fact_lines.py --split test > /tmp/fact_lines.jsonl

A line is a candidate when Chia marks a Person entity on it (age, sex) or one of its entities names a kind of
fact in annotations/facts/GUIDELINES.md (performance status, pregnancy, NYHA, ...). The selection reads Chia's
annotations only, never the pipeline's output. Lines already listed in annotations/facts/chia_lines.txt are
left out. Each output line: trial, section (inc/exc), line (0-based), line_text, cues (the entities that made
it a candidate).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from trialcriteria.chia.brat import split_trials, trial_ids  # noqa: E402
from trialcriteria.chia.candidates import fact_lines  # noqa: E402
from trialcriteria.chia.score import read_chia_lines  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--brat", type=Path, default=REPO.parent / "shared" / "corpora" / "chia" / "brat")
    ap.add_argument("--split", action="append", default=[])
    args = ap.parse_args()
    done = read_chia_lines(REPO / "annotations" / "facts" / "chia_lines.txt")
    splits = split_trials(trial_ids(args.brat))
    wanted = sorted({t for s in (args.split or ["train", "dev", "test"]) for t in splits[s]})
    for row in fact_lines(args.brat, wanted, done):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
