"""Pure: Chia lines an annotator reads, chosen from Chia's own annotations (never from the pipeline's output):
the Measurement -Has_value-> Value pairs (lab threshold candidates), and the lines that may state one of the
other computable facts (a Person entity, or an entity naming a kind of fact)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .brat import iter_brat_files, line_of

FACT_CUES = re.compile(
    r"\b(ECOG|Karnofsky|KPS|Lansky|performance (status|score)|WHO|Zubrod|life expectancy|survival|NYHA|"
    r"New York Heart|Child[- ]?Pugh|CTCAE|grade|QTc?|blood pressure|hypertension|SBP|DBP|pregnan\w*|"
    r"lactat\w*|breast[- ]?feed\w*|nursing|contracept\w*|birth control|line[s]? of|prior (therapy|treatment|"
    r"chemotherapy|regimen)|treatment[- ]na[iï]ve|RECIST|measurable|Ki-?67|differentiated|histolog\w*|"
    r"brain metastas\w*|CNS metastas\w*|male|female|men|women|age[ds]?)\b", re.I)


def measurement_pairs(brat_dir: Path, trials: list[str]) -> Iterator[dict]:
    """Each Measurement -Has_value-> Value pair: trial, section, line (0-based), the line's text, the
    measurement and the value (texts and offsets)."""
    for f in iter_brat_files(brat_dir, trials):
        lines = f.text.split("\n")
        for rel in f.relations:
            m, v = f.entities.get(rel.arg1), f.entities.get(rel.arg2)
            if rel.type != "Has_value" or not m or not v or m.type != "Measurement":
                continue
            n = line_of(f.text, m.start)
            yield {"trial": f.trial, "section": f.section, "line": n, "line_text": lines[n].rstrip("\r"),
                   "measurement": m.text, "measurement_start": m.start, "value": v.text, "value_start": v.start}


def fact_lines(brat_dir: Path, trials: list[str], done: set | dict = frozenset()) -> Iterator[dict]:
    """Each line with a Person entity or an entity naming a kind of fact, not in `done` (trial, section,
    line): trial, section, line, its text and the entities that made it a candidate."""
    for f in iter_brat_files(brat_dir, trials):
        lines = f.text.split("\n")
        cues: dict[int, list[str]] = {}
        for e in f.entities.values():
            if e.type == "Person" or FACT_CUES.search(e.text):
                cues.setdefault(line_of(f.text, e.start), []).append(f"{e.type}:{e.text}")
        for n in sorted(cues):
            if (f.trial, f.section, n) not in done:
                yield {"trial": f.trial, "section": f.section, "line": n, "line_text": lines[n].rstrip("\r"),
                       "cues": cues[n]}
