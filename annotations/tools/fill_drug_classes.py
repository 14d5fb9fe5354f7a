"""Fill the `classes` of gold drug records from the lexicon: for a drug, its classes and all their parents;
for a class, itself and its parents. Annotators choose the entry (kind and id); its classes follow from it.

    python annotations/tools/fill_drug_classes.py annotations/facts/seed-000.json annotations/facts/chia.jsonl
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from trialcriteria.lexicons.drugs import lexicon  # noqa: E402


def classes(rec: dict) -> list[str]:
    lex = lexicon()
    if rec.get("id") in (None, "unknown"):
        return []
    if rec["kind"] == "drug":
        return lex.drug_classes(rec["id"])
    return lex.class_classes(rec["id"])


def main() -> None:
    for f in map(Path, sys.argv[1:]):
        if f.suffix == ".jsonl":
            rows = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
            for r in rows:
                if r.get("type") == "drug":
                    r["classes"] = classes(r)
            f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        else:
            doc = json.loads(f.read_text(encoding="utf-8"))
            for r in doc.get("drugs", []):
                r["classes"] = classes(r)
            f.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{f}: classes filled")


if __name__ == "__main__":
    main()
