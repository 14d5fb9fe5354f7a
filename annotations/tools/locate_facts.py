"""Fill in `start`/`end` of the gold time windows, drugs and facts of a seed from their `text` (each list
searched in order from the end of its previous record). Reports records whose text is not found. Records
whose text occurs before the eligibility region too may need their offsets checked by hand.

    python annotations/tools/locate_facts.py annotations/facts/seed-000.json
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from locate import locate_gold_files  # noqa: E402

if __name__ == "__main__":
    sys.exit(locate_gold_files([Path(a) for a in sys.argv[1:]], ("time_windows", "drugs", "facts"), resume_at_end=True))
