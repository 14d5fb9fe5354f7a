"""Chia trials as the pipeline reads them: a trial's `_inc` and `_exc` files under their headers, parsed as a
registry field, with one gold span per Chia line (Chia writes one criterion per line)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..evaluate.trees import Span, trim
from ..schema import TrialResult
from ..segment.lines import match_line_marker

HEAD_INC, HEAD_EXC = "Inclusion Criteria:\n", "\nExclusion Criteria:\n"


def chia_document(inc: str, exc: str) -> tuple[str, list[Span]]:
    """Chia's `_inc` and `_exc` texts under their headers, and one gold span per non-blank line (its leading
    list marker, which some Chia lines keep, left out as our spans leave markers out)."""
    text = HEAD_INC + inc + HEAD_EXC + exc
    spans: list[Span] = []
    for base, part, section in ((len(HEAD_INC), inc, "inclusion"), (len(HEAD_INC) + len(inc) + len(HEAD_EXC), exc, "exclusion")):
        pos = 0
        for line in part.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            if body.strip():
                s, e = trim(text, base + pos, base + pos + len(body))
                marker = match_line_marker(text, s, 0)
                if marker is not None and marker.end < e:  # our spans exclude list markers; Chia keeps them
                    s, e = trim(text, marker.end, e)
                spans.append(Span(s, e, section, None))
            pos += len(line)
    return text, spans


@dataclass
class ChiaTrial:
    """One Chia trial parsed by the pipeline, with its gold line spans."""

    trial: str
    inc: str
    exc: str
    text: str
    gold: list[Span]
    result: TrialResult

    def line_key(self, offset: int) -> tuple[str, str, int]:
        """(trial, 'inc' | 'exc', 0-based line of the Chia file) of an offset in `text`."""
        exc_start = len(HEAD_INC) + len(self.inc) + len(HEAD_EXC)
        if offset >= exc_start:
            return self.trial, "exc", self.exc.count("\n", 0, offset - exc_start)
        return self.trial, "inc", self.inc.count("\n", 0, offset - len(HEAD_INC))


def parse_chia_trial(brat_dir: Path, trial: str) -> ChiaTrial:
    """Read a trial's `_inc` and `_exc` files (as bytes: BRAT offsets count CRLF) and parse them as a
    registry field under their headers."""
    from ..pipeline import parse_record
    from ..schema import Source, TrialRecord

    inc, exc = ((brat_dir / f"{trial}_{s}.txt") for s in ("inc", "exc"))
    inc, exc = (p.read_bytes().decode("utf-8") if p.exists() else "" for p in (inc, exc))
    text, gold = chia_document(inc, exc)
    result = parse_record(TrialRecord(trial_id=trial, source=Source(path=str(brat_dir / trial), format="text"),
                                      document_text=text, from_registry_field=True))
    return ChiaTrial(trial, inc, exc, text, gold, result)
