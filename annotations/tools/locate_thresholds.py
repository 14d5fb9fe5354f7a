"""Fill in `start`/`end` of gold threshold records from their `text` (searched in order, from the previous
record's start, since shared thresholds overlap). Reports records whose text is not found.

    python annotations/tools/locate_thresholds.py annotations/thresholds/seed-000.json
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
        for missing in locate_records(text, gold["thresholds"], resume_at_end=False):  # shared thresholds overlap
            print(f"{f}: not found: {missing!r}", file=sys.stderr)
            status = 1
        f.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{f}: {len(gold['thresholds'])} records")
    return status


if __name__ == "__main__":
    sys.exit(main())
