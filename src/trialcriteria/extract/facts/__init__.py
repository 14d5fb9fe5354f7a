"""Pure: a criterion's text (with its lab thresholds and its section) -> its other computable facts, each typed
and with a canonical `value` (annotations/facts/GUIDELINES.md lists the forms).

One family of rules per module; each rule reads a `FactText` and returns drafts, and `RULES` runs them in order
(the order of the output). Facts that are lab thresholds as well (QTc, blood pressure, Ki-67) come from the
criterion's thresholds through `LAB_FACTS`. Patterns are data in resources/facts.json: comparator phrases shared
by every rule, the age forms, and keyword gates that skip a rule when none of its words is in the criterion. To
add a fact kind: a rule in its family's module (or a new module), its patterns in facts.json, its name in
`RULES` and in `schema.base.FactKind`.
"""

from __future__ import annotations

from ...schema import Context, Fact, TextSpan
from . import ages, cardiac, hepatic, oncology, performance, reproduction, toxicity
from .common import FactDraft, FactText

RULES = (
    ages.age_facts,
    performance.performance_status,
    performance.life_expectancy,
    cardiac.nyha,
    hepatic.child_pugh,
    toxicity.ctcae_grade,
    reproduction.pregnancy_and_lactation,
    reproduction.contraception,
    oncology.prior_lines,
    oncology.measurable_disease,
    oncology.tumor_grade,
    oncology.differentiation,
    oncology.histology,
    oncology.brain_metastases,
    reproduction.sex,
)
LAB_FACTS = {**cardiac.LAB_FACTS, **oncology.LAB_FACTS}  # analyte id -> the fact its cut-off states


def fact_drafts(text: str, labs: list[dict] | None = None, section: str = "unspecified") -> list[FactDraft]:
    """Every fact of a criterion as drafts (offsets into `text`): the rules in order, the same fact named twice
    in a row once ("Mixed ... neoplasm (MiNEN)"), then the facts of its lab thresholds."""
    t = FactText(text, labs, section)
    unique: list[FactDraft] = []
    for rule in RULES:
        for f in rule(t):
            if not any(u.kind == f.kind and u.value == f.value and f.start - u.end <= 5 and f.start >= u.start
                       for u in unique):
                unique.append(f)
    return unique + [LAB_FACTS[lab["analyte_id"]](lab) for lab in t.labs if lab["analyte_id"] in LAB_FACTS]


def extract_facts(text: str, labs: list[dict] | None = None, section: str = "unspecified", base: int = 0) -> list[Fact]:
    """The facts of the criterion `text`, whose offset in the eligibility text is `base`; `labs` are its lab
    thresholds (offsets into `text`)."""
    def context(f: FactDraft) -> Context:
        """What the fact's own words assert: negated ("negative pregnancy test"), or a stated requirement."""
        if f.negated is None and f.stated is None:
            return Context()
        a, b = f.negated or f.stated
        cue = TextSpan(text=text[a:b], start=a + base, end=b + base)
        return Context(assertion="negated", cue=cue) if f.negated else Context(cue=cue, polarity="required")

    return [Fact(kind=f.kind, value=f.value, text=text[f.start : f.end], start=f.start + base, end=f.end + base,
                 scale=f.scale, comparator=f.comparator, number=f.number, number_high=f.number_high, values=f.values,
                 duration=f.duration,
                 sex=f.sex, context=context(f))
            for f in fact_drafts(text, labs, section)]


__all__ = ["FactDraft", "FactText", "RULES", "LAB_FACTS", "extract_facts", "fact_drafts"]
