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
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))

from trialcriteria.chia import iter_brat_files, line_of, split_trials, trial_ids  # noqa: E402
from trialcriteria.evaluate import read_chia_lines  # noqa: E402

CUES = re.compile(
    r"\b(ECOG|Karnofsky|KPS|Lansky|performance (status|score)|WHO|Zubrod|life expectancy|survival|NYHA|"
    r"New York Heart|Child[- ]?Pugh|CTCAE|grade|QTc?|blood pressure|hypertension|SBP|DBP|pregnan\w*|"
    r"lactat\w*|breast[- ]?feed\w*|nursing|contracept\w*|birth control|line[s]? of|prior (therapy|treatment|"
    r"chemotherapy|regimen)|treatment[- ]na[iï]ve|RECIST|measurable|Ki-?67|differentiated|histolog\w*|"
    r"brain metastas\w*|CNS metastas\w*|male|female|men|women|age[ds]?)\b", re.I)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--brat", type=Path, default=REPO.parent / "shared" / "corpora" / "chia" / "brat")
    ap.add_argument("--split", action="append", default=[])
    args = ap.parse_args()
    done = read_chia_lines(REPO / "annotations" / "facts" / "chia_lines.txt")
    splits = split_trials(trial_ids(args.brat))
    wanted = sorted({t for s in (args.split or ["train", "dev", "test"]) for t in splits[s]})
    for f in iter_brat_files(args.brat, wanted):
        lines = f.text.split("\n")
        cues: dict[int, list[str]] = {}
        for e in f.entities.values():
            if e.type == "Person" or CUES.search(e.text):
                cues.setdefault(line_of(f.text, e.start), []).append(f"{e.type}:{e.text}")
        for n in sorted(cues):
            if (f.trial, f.section, n) not in done:
                print(json.dumps({"trial": f.trial, "section": f.section, "line": n,
                                  "line_text": lines[n].rstrip("\r"), "cues": cues[n]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
