"""Fill in `start`/`end` of a gold criterion tree from the raw `text` of each node.

Annotators write each node's raw text exactly as it stands in the source (line breaks included), in document
order; this tool finds each one after the previous and writes the offsets. It never invents text: a node whose
text is not found is reported and the file is left unchanged.

    python annotations/tools/locate.py annotations/trees/seed-000.json [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))


def source_text(source: str, kind: str, shared: Path) -> str:
    """The text gold offsets point into (`kind` is informational: the source names the record)."""
    from sources import source_text as text_of

    return text_of(source, shared)


def locate_records(text: str, records: list[dict], resume_at_end: bool) -> list[str]:
    """Set `start`/`end` of each record from its `text`, searching in order from the previous record (its end,
    or its start when records may overlap), then from the top (a record may point back). Returns the texts
    not found."""
    missing, cursor = [], 0
    for rec in records:
        at = text.find(rec["text"], cursor)
        if at < 0:
            at = text.find(rec["text"])
        if at < 0:
            missing.append(rec["text"])
            continue
        rec["start"], rec["end"] = at, at + len(rec["text"])
        cursor = rec["end"] if resume_at_end else at
    return missing


def locate_gold_files(paths: list[Path], keys: tuple[str, ...], resume_at_end: bool) -> int:
    """Fill `start`/`end` of the records under `keys` in each gold file (see locate_records), rewrite the file,
    and report what was not found. Returns 1 if anything was missing, else 0."""
    status = 0
    for f in paths:
        gold = json.loads(f.read_text(encoding="utf-8"))
        text = source_text(gold["source"], gold["source_kind"], REPO.parent / "shared")
        for key in keys:
            for missing in locate_records(text, gold.get(key, []), resume_at_end):
                print(f"{f}: {key}: not found: {missing!r}", file=sys.stderr)
                status = 1
        f.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{f}: " + ", ".join(f"{len(gold.get(k, []))} {k}" for k in keys))
    return status


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args()
    status = 0
    for f in args.files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        text = source_text(gold["source"], gold["source_kind"], args.shared)
        cursor, problems = 0, []
        for node in gold["criteria"]:
            at = text.find(node["text"], cursor)
            if at < 0:
                problems.append(f"{node['id']}: text not found after offset {cursor}: {node['text'][:60]!r}")
                continue
            node["start"], node["end"] = at, at + len(node["text"])
            cursor = at + len(node["text"])
        if problems:
            status = 1
            print(f"{f}:", *problems, sep="\n  ", file=sys.stderr)
            continue
        keys = ("id", "parent_id", "section", "kind", "marker", "start", "end", "text", "logic", "min_count")
        ordered = [{k: n.get(k) for k in keys if k in n or k not in ("logic", "min_count")} for n in gold["criteria"]]
        gold["criteria"] = ordered
        f.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{f}: {len(ordered)} nodes located")
    return status


if __name__ == "__main__":
    sys.exit(main())
