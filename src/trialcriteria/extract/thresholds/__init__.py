"""Pure: a criterion's text and its analyte mentions -> lab thresholds.

The analytes are found by the medspaCy TargetMatcher (rules built from resources/analytes.jsonl); this package
reads what follows them, with rules that are data in resources/thresholds.json:
- rules: the compiled rules, units as written, the working copy of the text, numbers;
- expression: one expression (comparator, number, range, reference or unit);
- reading: the expressions of a criterion, each with its analytes, condition, equivalents and group;
- finishing: pairs and ranges split, sex, shared units and references, analytes named by their unit or form
  ("proteinuria > 300 mg per day", "≤ 2+"), qualifiers ("without transfusion") and formulas.
`normalize.labs` then converts each draft's value to the analyte's canonical unit.
"""

from __future__ import annotations

from .expression import Expr, parse_expression
from .finishing import finish
from .reading import Draft, Mention, Reader, expressions
from .rules import parse_number, rules, unit_matcher, working_text


def extract(text: str, mentions: list[Mention]) -> list[Draft]:
    """All lab thresholds of one criterion (offsets into `text`)."""
    if not mentions:
        return []
    r = rules()
    work = working_text(text)
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    drafts = Reader(work, mentions, expressions(work, mentions, r), r).read()
    return finish(drafts, work, r)


__all__ = ["Draft", "Expr", "Mention", "extract", "parse_expression", "parse_number", "unit_matcher", "working_text"]
