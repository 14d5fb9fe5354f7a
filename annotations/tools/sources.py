"""The text that gold offsets point into, for any gold `source`: `shared:<path>` or `repo:<path>`, optionally
with `!<zip member>` and `#<record locator>` (the record of a multi-record file, as `source.record` names it).
It is the record's `document_text` as the readers produce it: the whole file for plain text, the eligibility
field for registry records (API v2 `eligibilityCriteria`, the legacy XML `textblock`)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))


def source_text(source: str, shared: Path = REPO.parent / "shared") -> str:
    from trialcriteria.evaluate.gold import source_text as text_of

    return text_of(source, REPO, shared)


def main() -> int:
    """python annotations/tools/sources.py SOURCE [--lines]: print the text (each line with its start offset)."""
    args = [a for a in sys.argv[1:] if a != "--lines"]
    if len(args) != 1:
        print(main.__doc__)
        return 2
    text = source_text(args[0])
    if "--lines" not in sys.argv:
        sys.stdout.write(text)
        return 0
    pos = 0
    for line in text.split("\n"):
        print(f"{pos:>6}| {line}")
        pos += len(line) + 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
