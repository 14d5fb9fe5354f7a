"""The genes that oncology records name as biomarkers: how src/trialcriteria/lexicons/sources/biomarker_genes.tsv
was derived from data. It reads ../shared only (never the program's output): the oncology records of
corpora/ctgov-bulk (HINT criteria and legacy XML; trials of the gold samples and of Chia left out) and HGNC's
complete set. For every HGNC symbol, alias or previous symbol written in them, it counts the records that write
it next to a biomarker cue (mutation, positive, amplification, IHC, ...), and says whether the source table
has the gene. A curator reads the list: most top entries are genes (HER2, EGFR, CD20, ALK, KRAS), others are
words or other markers (FISH, CT, IV, PSA, HLA-A) that the table leaves out.

    python annotations/tools/gene_candidates.py [--top 150]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from real_sample import REPO, SHARED, area_of, chia_ids  # noqa: E402

CUE = re.compile(r"mutat|deletion|insertion|amplif|fusion|rearrang|translocat|positiv|negativ|overexpress|express|"
                 r"wild|status|IHC|FISH|variant|alteration|\+", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]")


def oncology_records() -> dict[str, str]:
    skip = chia_ids()
    for sample in (REPO / "annotations" / "real" / "sample.tsv", REPO / "annotations" / "coding" / "biomarker_sample.tsv"):
        skip |= {r["id"] for r in csv.DictReader(open(sample, encoding="utf-8"), delimiter="\t")}
    bulk = SHARED / "corpora" / "ctgov-bulk"
    index = {r["nct_id"]: r for r in csv.DictReader(open(bulk / "hint-index.tsv", encoding="utf-8"), delimiter="\t")}
    out = {}
    with zipfile.ZipFile(bulk / "hint-criteria-4866.zip") as zf:
        for name in zf.namelist():
            nct = Path(name).stem
            if nct not in skip and nct in index and area_of([index[nct]["diseases"]]) == "oncology":
                out[nct] = zf.read(name).decode("utf-8", "replace")
    with zipfile.ZipFile(bulk / "legacy-xml-6771.zip") as zf:
        for name in (n for n in zf.namelist() if n.endswith(".xml")):
            nct, text = Path(name).stem, zf.read(name).decode("utf-8", "replace")
            conditions = re.findall(r"<condition>(.*?)</condition>", text) + re.findall(r"<mesh_term>(.*?)</mesh_term>", text)
            block = re.search(r"<criteria>\s*<textblock>(.*?)</textblock>", text, re.S)
            if nct not in skip and block and area_of(conditions) == "oncology":
                out[nct] = html.unescape(block.group(1))
    return out


def hgnc_forms() -> dict[str, set[str]]:
    forms: dict[str, set[str]] = {}
    with gzip.open(SHARED / "vocab" / "hgnc" / "hgnc_complete_set.txt.gz", "rt", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            cells = (r["alias_symbol"] + "|" + r["prev_symbol"]).replace('"', "").split("|")
            for f in [r["symbol"], *cells]:
                if len(f) >= 2:
                    forms.setdefault(f, set()).add(r["symbol"])
    return forms


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=150)
    args = ap.parse_args()
    table = REPO / "src" / "trialcriteria" / "lexicons" / "sources" / "biomarker_genes.tsv"
    listed = {ln.split("\t")[0] for ln in table.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")}
    forms = hgnc_forms()
    records = oncology_records()
    with_cue: Counter = Counter()
    for text in records.values():
        seen = set()
        for m in WORD.finditer(text):
            for form in {m.group(), m.group().replace("-", "")} & forms.keys():
                if form not in seen and CUE.search(text, max(0, m.start() - 40), m.end() + 40):
                    seen.add(form)
        with_cue.update(seen)
    print(f"{len(records)} oncology records; forms written next to a biomarker cue (records), their genes, in the table:")
    for form, n in with_cue.most_common(args.top):
        genes = sorted(forms[form])
        print(f"{n:>5}  {form:<14} {','.join(genes):<30} {'yes' if set(genes) & listed else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
