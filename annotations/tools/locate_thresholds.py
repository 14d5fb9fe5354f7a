"""Fill in `start`/`end` of gold threshold records from their `text` (searched in order, from the previous
record's start, since shared thresholds overlap). Reports records whose text is not found.

    python annotations/tools/locate_thresholds.py annotations/thresholds/seed-000.json
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locate import locate_gold_files  # noqa: E402

if __name__ == "__main__":
    sys.exit(locate_gold_files([Path(a) for a in sys.argv[1:]], ("thresholds",), resume_at_end=False))
