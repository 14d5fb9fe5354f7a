"""The samples coded for conditions, procedures and biomarkers (annotations/coding/GUIDELINES.md), drawn from
../shared and the real-distribution sample only (never from the program's output).

    python annotations/tools/coding_sample.py draw

- annotations/real/coding_sample.txt: 60 trials of annotations/real/sample.tsv (30 dev, 30 test; seed 14),
  coded for all three kinds;
- annotations/coding/biomarker_sample.tsv: 60 oncology trials of ../shared/corpora/ctgov-bulk (HINT criteria
  whose diseases are oncological and whose text names a biomarker; seed 15), outside the real sample and Chia,
  split every other trial dev / test, coded for biomarkers.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from real_sample import SHARED, area_of, chia_ids, read_sample  # noqa: E402

REPO = HERE.parents[1]
BIOMARKER = re.compile(
    r"\b(?:HER-?2|ERBB2|EGFR|KRAS|NRAS|BRAF|ALK|ROS-?1|c-?MET|RET|NTRK[123]?|PD-?L1|MSI(?:-H)?|microsatellite|"
    r"mismatch[\s-]+repair|dMMR|TMB|tumou?r mutational burden|BRCA[12]?|IDH[12]|FLT-?3|NPM1|JAK2|BCR-?ABL|"
    r"Philadelphia chromosome|estrogen receptor|oestrogen receptor|progesterone receptor|hormone receptor|"
    r"triple[\s-]+negative|c-?kit|PDGFRA|FGFR[1-4]?|PIK3CA|TP53|p53|CD20|CD30|CD33|EML4|T790M|V600E|L858R|"
    r"exon 19|exon 20|ER[+-]|PR[+-]|ER-positive|ER-negative)\b", re.I)


def draw() -> None:
    real = read_sample()
    rng = random.Random(14)
    dev = sorted(r["id"] for r in real if r["split"] == "dev")
    test = sorted(r["id"] for r in real if r["split"] == "test")
    chosen = sorted(rng.sample(dev, 30)) + sorted(rng.sample(test, 30))
    (REPO / "annotations" / "real" / "coding_sample.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")

    skip = chia_ids() | {r["id"] for r in real}
    bulk = SHARED / "corpora" / "ctgov-bulk"
    index = {row["nct_id"]: row for row in csv.DictReader(open(bulk / "hint-index.tsv", encoding="utf-8"), delimiter="\t")}
    pool = []
    with zipfile.ZipFile(bulk / "hint-criteria-4866.zip") as zf:
        for name in sorted(zf.namelist()):
            nct = Path(name).stem
            if nct in skip or nct not in index or area_of([index[nct]["diseases"]]) != "oncology":
                continue
            if BIOMARKER.search(zf.read(name).decode("utf-8", "replace")):
                pool.append((nct, f"shared:corpora/ctgov-bulk/hint-criteria-4866.zip!{name}"))
    picked = random.Random(15).sample(pool, 60)
    out = REPO / "annotations" / "coding" / "biomarker_sample.tsv"
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("id\tsplit\tkind\tsource\n")
        for i, (nct, source) in enumerate(picked):
            fh.write(f"{nct}\t{'dev' if i % 2 == 0 else 'test'}\ttext\t{source}\n")
    print(f"coding sample: 60 real trials; biomarker sample: 60 of {len(pool)} oncology trials naming a biomarker")


if __name__ == "__main__":
    if sys.argv[1:] != ["draw"]:
        sys.exit(__doc__)
    draw()
