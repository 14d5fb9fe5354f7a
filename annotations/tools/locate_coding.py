"""Fill in `start`/`end` of gold conditions, procedures and biomarkers from their `text` (each list searched in
order, from the previous record's start: elliptic lists and shared texts overlap). Reports texts not found.

    python annotations/tools/locate_coding.py annotations/real/coding/NCT00012345.json
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locate import locate_gold_files  # noqa: E402

if __name__ == "__main__":
    sys.exit(locate_gold_files([Path(a) for a in sys.argv[1:]], ("conditions", "procedures", "biomarkers"), resume_at_end=False))
