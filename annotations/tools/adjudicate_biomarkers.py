"""Apply the biomarker adjudication rules of annotations/coding/GUIDELINES.md ("Adjudicated cases") to coded gold
files, mechanically, and report each change (with --write, save them). It reads the gold files and their source
texts only, never the program's output.

    python annotations/tools/adjudicate_biomarkers.py FILES... [--write]

Rules (the guideline gives the reasons):
- overexpression without a scale or value is `status` (`positive` when no result is given), not `expression`;
- a fusion named by two genes ("BCR-ABL", "EML4-ALK", "PML/RARA") or by the Philadelphia chromosome or
  t(9;22) is coded on the 3' gene (ABL1, ALK, RARA), not on the 5' partner;
- a variant that is no complete HGVS protein change ("p.Val600", a codon without its new residue) is null;
- a marker without a result or value that the text only names to say any result will do ("Hormone receptor
  status: Not specified", "any HER2 status") or names as a heading ("Hormone receptor status:") is no record.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_coding import HGVS  # noqa: E402
from sources import source_text  # noqa: E402

OVEREXPRESSION = re.compile(r"over[\s-]*express", re.I)
PHILADELPHIA = re.compile(r"philadelphia|\bPh\b|\bPh[+1-]|t\s*\(\s*9\s*;\s*22\s*\)", re.I)
PLACEHOLDER_AFTER = re.compile(r"\s*:\s*$|\s*[:=-]?\s*(?:not\s+specified|unspecified|any\b|unknown|not\s+required|"
                               r"not\s+applicable|n/?a\b)", re.I)
PLACEHOLDER_BEFORE = re.compile(r"\b(?:any|regardless\s+of(?:\s+the)?|irrespective\s+of(?:\s+the)?)\s+$", re.I)


def fusion_gene(text: str, genes: dict) -> str | None:
    """The 3' gene of a fusion named by two genes of the gene lexicon, or ABL1 for the Philadelphia chromosome."""
    from trialcriteria.extract.biomarkers.rules import rules

    found = rules().genes.find(text)
    if len(found) >= 2 and re.fullmatch(r"\s*(?:-|::|/|–)\s*", text[found[-2][1]:found[-1][0]]):
        return found[-1][2]
    return "ABL1" if PHILADELPHIA.search(text) else None


def adjudicate(doc: dict, text: str) -> list[str]:
    """Apply the rules to one gold document in place; the changes, one line each."""
    changes, kept = [], []
    for b in doc.get("biomarkers", []):
        where = f"{b['text']!r} at {b.get('start')}"
        if b["alteration"] == "expression" and OVEREXPRESSION.search(b["text"]) and not b.get("scale") and b.get("value") is None:
            b["alteration"], b["result"] = "status", b.get("result") or "positive"
            changes.append(f"{where}: overexpression without a scale -> status {b['result']}")
        if b["alteration"] == "fusion":
            gene = fusion_gene(b["text"], {})
            if gene and gene != b["gene"]:
                changes.append(f"{where}: fusion coded on {b['gene']} -> {gene} (the 3' gene)")
                b["gene"] = gene
        if b.get("variant") and not HGVS.match(b["variant"]):
            changes.append(f"{where}: variant {b['variant']!r} is no complete HGVS change -> null")
            b["variant"] = None
        if (b.get("result") is None and b.get("value") is None and b.get("start") is not None
                and (PLACEHOLDER_AFTER.match(text, b["end"]) or PLACEHOLDER_BEFORE.search(text, max(0, b["start"] - 40), b["start"]))):
            changes.append(f"{where}: named only as a placeholder or heading -> removed")
            continue
        kept.append(b)
    doc["biomarkers"] = kept
    return changes


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--write"]
    if not args:
        print(__doc__)
        return 2
    for name in args:
        path = Path(name)
        doc = json.loads(path.read_text(encoding="utf-8"))
        changes = adjudicate(doc, source_text(doc["source"]))
        for c in changes:
            print(f"{path}: {c}")
        if changes and "--write" in sys.argv:
            path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
