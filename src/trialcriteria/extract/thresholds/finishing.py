"""Pure: the last steps of reading a criterion's thresholds, over the drafts of all its expressions: systolic and
diastolic pairs and 'outside' ranges become two records, each cut-off gets the sex it is for, a unit written once
belongs to both ends of a pair (and so does '% of predicted'), qualifiers ('without transfusion') and estimating formulas
are attached, and an analyte named loosely becomes the entry its unit or form shows ('proteinuria > 300 mg per day' is
a 24-hour urine protein, 'urine protein ≤ 2+' a dipstick grade: resources/threshold_forms.json)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from .reading import Draft, close_paren
from .expression import Expr
from .rules import Rules

_BP = {"blood_pressure", "sbp", "dbp"}
SENT_END = re.compile(r"[.;](?=\s|$)")


def finish(drafts: list[Draft], work: str, r: Rules) -> list[Draft]:
    drafts = split_pairs(drafts)
    sexes(drafts, work, r)
    share_units(drafts)
    by_form(drafts, r)
    add_qualifiers(drafts, work, r)
    add_formulas(drafts, work, r)
    return drafts


def _twins(d: Draft, first: Draft, second: Draft) -> list[Draft]:
    return [first, replace(second, qualifiers=list(d.qualifiers), equivalents=list(d.equivalents))]


def split_pairs(drafts: list[Draft]) -> list[Draft]:
    """'150/95 mmHg' -> systolic and diastolic records; 'outside 100-160' -> '< 100' and '> 160'."""
    out: list[Draft] = []
    for d in drafts:
        e = d.expr
        if e.second_value is not None and d.analyte_id in _BP:
            if d.analyte_id == "dbp":
                continue
            sys_e = Expr(e.start, e.end, e.comparator, e.value, None, e.unit, e.unit_span, e.reference, e.in_parens)
            dia_e = Expr(e.start, e.end, e.comparator, e.second_value, None, e.unit, e.unit_span, e.reference, e.in_parens)
            out += _twins(d, replace(d, analyte_id="sbp", expr=sys_e), replace(d, analyte_id="dbp", expr=dia_e))
        elif e.second_value is None and e.comparator == "outside":
            low = Expr(e.start, e.end, "<", e.value, None, e.unit, e.unit_span, e.reference, e.in_parens)
            high = Expr(e.start, e.end, ">", e.value_high, None, e.unit, e.unit_span, e.reference, e.in_parens)
            out += _twins(d, replace(d, expr=low), replace(d, expr=high))
        else:
            out.append(d)
    return out


def add_qualifiers(drafts: list[Draft], work: str, r: Rules) -> None:
    """'without transfusion', '(may have been transfused)', 'fasting': right after a record's expression (past
    its equivalents and condition), before the next expression or the end of the sentence."""
    ends = sorted({d.expr.start for d in drafts})
    for d in drafts:
        later = bisect_right(ends, d.expr.start)
        q_from = max([d.expr.end] + [e[1] for e in d.equivalents] + ([d.condition[1]] if d.condition else []))
        if d.equivalents:
            close = close_paren(work, d.equivalents[-1][1])
            q_from = max(q_from, close + 1 if close != -1 else q_from)
        q_to = min(ends[later] if later < len(ends) else len(work), len(work))
        sent = SENT_END.search(work, q_from, q_to)
        q_to = sent.start() if sent else q_to
        for qm in r.qualifier.finditer(work, q_from, q_to):
            if work[q_from : qm.start()].strip(" ,;("):
                break
            a, b = qm.start(), qm.end()
            while a < b and work[a].isspace():
                a += 1
            d.qualifiers.append((a, b))
            q_from = b


def sexes(drafts: list[Draft], work: str, r: Rules) -> None:
    """The sex each cut-off is for, when the criterion gives them per sex: right after the value ("> 450 ms in
    males", "(female)") or right before it ("women: > 470 ms"). A sex phrase after a value is that value's, so it
    is no condition of the next one ("> 450 ms in males or > 470 ms in females")."""
    for i, d in enumerate(drafts):
        m = r.sex_after.match(work, d.expr.end)
        if m is None:
            lo = max(drafts[i - 1].expr.end if i else 0, d.analyte_span[1] if d.analyte_span[1] <= d.expr.start else 0)
            m = r.sex_before.search(work, lo, d.expr.start)
        if m is None:
            continue
        d.sex = "female" if m.group("f") else "male"
        if d.condition and m.start() <= d.condition[0] and d.condition[1] <= m.end() + 6:
            d.condition = None  # "> 450 msec for men": the sex, not a condition
        for other in drafts[i + 1 :]:
            if other.condition and m.start() <= other.condition[0] < m.end() + 2 and other.condition[1] <= m.end() + 6:
                other.condition = None


def by_form(drafts: list[Draft], r: Rules) -> None:
    """An analyte named loosely is the specific entry its unit or form shows (rules in threshold_forms.json)."""
    for d in drafts:
        for analytes, units, dipstick, target in r.analyte_by_form:
            if d.analyte_id in analytes and ((dipstick and d.expr.dipstick) or (d.expr.unit in units)):
                d.analyte_id = target
                break


def share_units(drafts: list[Draft]) -> None:
    """'≥ 18 and ≤ 33 kg/m2': the unit written once belongs to both numbers; a '≥ low and ≤ high' pair on one
    analyte is one 'between' record; 'FEV1 > 50% and < 80% of predicted': the reference written once belongs to
    both."""
    i = 0
    while i + 1 < len(drafts):
        a, b = drafts[i], drafts[i + 1]
        if b.inherited and a.analyte_id == b.analyte_id and b.expr.reference == "predicted" and \
                a.expr.reference == "absolute" and a.expr.unit in ("%", None) and a.expr.second_value is None \
                and re.fullmatch(r"\s*(?:and|,|-|–|to)?\s*", b.connector):
            a.expr.reference, a.expr.unit = "predicted", "%"
        if b.inherited and a.analyte_id == b.analyte_id and a.expr.unit is None and b.expr.unit is not None \
                and not a.expr.dipstick and not b.expr.dipstick \
                and a.expr.reference == "absolute" == b.expr.reference and not re.search(r"[.;]", b.connector):
            a.expr.unit = b.expr.unit
        if b.inherited and a.analyte_id == b.analyte_id and a.expr.comparator == ">=" and b.expr.comparator == "<=" \
                and re.fullmatch(r"\s*and\s*", b.connector) and a.condition is None and b.condition is None:
            a.expr.comparator, a.expr.value_high, a.expr.end = "between", b.expr.value, b.expr.end
            a.expr.unit = a.expr.unit or b.expr.unit
            del drafts[i + 1]
            continue
        i += 1


def add_formulas(drafts: list[Draft], work: str, r: Rules) -> None:
    """Formulas named in the criterion (Cockcroft-Gault, CKD-EPI, ...) go to the clearance and GFR records."""
    for name, pattern in r.formulas:
        if pattern.search(work):
            for d in drafts:
                if d.analyte_id in ("creatinine_clearance", "egfr"):
                    d.formula = d.formula or name
