"""Fill in `start`/`end` of the gold time windows, drugs and facts of a seed from their `text` (each list
searched in order from the end of its previous record). Reports records whose text is not found. Records
whose text occurs before the eligibility region too may need their offsets checked by hand.

    python annotations/tools/locate_facts.py annotations/facts/seed-000.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locate import locate_records, source_text  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def main() -> int:
    status = 0
    for f in map(Path, sys.argv[1:]):
        gold = json.loads(f.read_text(encoding="utf-8"))
        text = source_text(gold["source"], gold["source_kind"], REPO.parent / "shared")
        for key in ("time_windows", "drugs", "facts"):
            for missing in locate_records(text, gold.get(key, []), resume_at_end=True):
                print(f"{f}: {key}: not found: {missing!r}", file=sys.stderr)
                status = 1
        f.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{f}: " + ", ".join(f"{len(gold.get(k, []))} {k}" for k in ("time_windows", "drugs", "facts")))
    return status


if __name__ == "__main__":
    sys.exit(main())
