"""Pure: a criterion's working text and its analyte mentions -> threshold drafts, one per cut-off and analyte.

1. Expressions are looked for only after an analyte mention (up to the end of the next sentence, so that
   expressions with no analyte of their own are found too).
2. Analytes: the nearest analyte before the expression, when only glue lies between ("level", "count", "of",
   "(ANC)", ":"); analytes joined to it by "and", "or", ",", "/" share the expression ("AST and ALT ≤ 2.5 ×
   ULN" is two records). An expression with no analyte of its own that follows another one in parentheses or
   after "or" / "," takes that one's analytes ("(≤ 5 × ULN if liver metastases)", ">470 ms for females"),
   unless its unit is one of another quantity ("BMI > 30 and at least 20 pounds in excess of ...").
   Analytes in labelled brackets join ("renal (SCr) and liver (ALT, AST) > 2 x ULN"); two analytes written as
   a quotient are their ratio ("FEV1/FVC < 70%"); two adjacent names are one only when the later is generic
   ("HCV RNA viral load"); an analyte after a change word is no level ("an increase in FEV1 of ≥ 12%"); a bare
   "normal" counts only right after its analytes ("PT and PTT normal"). A number right after an analyte (past
   glue: "score of", " - ", ":") opens an expression without a comparator ("Weight - 80-300 pounds").
3. Conditions: "if ...", "for subjects with ...", "in patients with ...", "with documented bone metastases"
   after the expression, a condition between "(" and an inherited expression ("(for subjects with Gilbert's
   disease ≤ 3 x ULN)"), or a sentence that opens with one ("If there is liver metastasis, AST, ALT ≤ 5 x ULN").
   A condition that opens a bracket and ends at a comma belongs to the expression after it, not to the one
   before the bracket ("ALT < 2.5 x ULN (if liver metastases, ≤ 5 x ULN)"); a condition that opens the clause
   of an analyte belongs to that analyte's expression ("..., except in patients with Gilbert's syndrome, who
   must have a total bilirubin < 3.0 mg/dL"); a condition that holds a threshold of its own keeps it and that
   threshold is no record ("SBP > 180 mm Hg if diastolic blood pressure less than 90 mm Hg"); a condition after
   a cut-off joined by "with" to the one before holds for both ("bilirubin ≤ 3 × ULN with direct bilirubin
   within normal range in patients with Gilbert's syndrome").
4. Equivalents: an expression in parentheses right after another, with the same comparator and no condition,
   is the same cut-off in another unit ("≥ 9 g/dL (≥ 90 g/L)"): noted, not a second requirement.
5. Groups: records joined by "or" are alternatives and share a group; a conditional record shares the group
   of the unconditional record of the same analyte it relaxes.
6. A bare value after "or" / "and" in the unit (or reference) of the cut-off before it takes that cut-off's
   comparator ("Hgb < 11 g/dL in women or 12 g/dL in men").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ...normalize.units import NotConvertible, conversion
from ...resources import analytes as lexicon
from .expression import OUTSIDE, Expr, parse_expression
from .rules import Rules, rules, skip_ws


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    analyte_id: str


@dataclass
class Draft:
    """A threshold before normalization; offsets are into the criterion text."""

    analyte_id: str
    analyte_span: tuple[int, int]
    expr: Expr
    condition: tuple[int, int] | None = None
    qualifiers: list[tuple[int, int]] = field(default_factory=list)
    equivalents: list[tuple[int, int]] = field(default_factory=list)
    formula: str | None = None
    group: int = 0
    inherited: bool = False  # the expression names no analyte of its own
    connector: str = ""  # text between the previous expression and this one
    sex: str | None = None  # "female" | "male": a cut-off given per sex


_CONNECTOR = re.compile(r"^[\s,/&+()]*(?:(?:and/or|and|or|&)[\s,/()]*)?$", re.I)
_GLUE_BAD = re.compile(r"[.;](?:\s|$)|[<>≤≥=]|\d")
_SENT_END = re.compile(r"[.;](?=\s|$)")
_BETWEEN = re.compile(r"\b(?:between|from)\s+\d", re.I)
_CONDITION_STOP = re.compile(r"[,;](?=\s)|\.(?=\s|$)|\s+or\s+(?=[^\s]*\s*(?:[<>≤≥]|\d))", re.I)
_ELLIPSIS = re.compile(r"[^\d<>≤≥=.;()]{0,40}?(?:\bor\b|\band\b|,)[ \t]*(?=\d)", re.I)
_BARE_NORMAL_GLUE = re.compile(r"^[\s:,)]*(?:(?:is|are|was|were|must|should|be|levels?|values?|counts?|results?|tests?)\s*)*$", re.I)
_WITH = re.compile(r"^[\s,]*with\s*$", re.I)


def _glue_ok(glue: str) -> bool:
    if len(glue) > 60 or rules().glue_stop.search(glue):
        return False
    # digits inside a parenthetical name are fine: "HbA1c (glycated haemoglobin A1c)"
    bare = re.sub(r"\([^()]*\)", "", glue)
    return not _GLUE_BAD.search(bare)


def close_paren(text: str, pos: int) -> int:
    """The ')' that closes the bracket open at pos (depth 0), or -1."""
    depth = 0
    for i in range(pos, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _inside_parens(text: str, pos: int, lo: int) -> bool:
    depth = 0
    for i in range(pos - 1, lo - 1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                return True
            depth -= 1
    return False


def _condition_after(text: str, pos: int, r: Rules, limit: int) -> tuple[int, int] | None:
    m = r.condition.match(text, pos, limit)
    if not m:
        return None
    opener = text[pos : m.end()]
    s = pos + len(opener) - len(opener.lstrip(" \t\r\n,("))
    end = limit
    close = close_paren(text, s)
    if close != -1 and close < end:
        end = close
    stop = _CONDITION_STOP.search(text, s, end)
    if stop:
        end = stop.start()
    while end > s and text[end - 1] in " \t\r\n)":
        end -= 1
    return (s, end) if end > s else None


@lru_cache(maxsize=8)
def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENT_END.finditer(text)]


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts: after the last sentence end before it (text[:pos] read alone, so
    a full stop right before `pos` ends a sentence), found by bisection in the text's sentence ends."""
    if pos > 0 and text[pos - 1] in ".;":
        best = pos
    else:
        ends = _sentence_ends(text)
        i = bisect_right(ends, pos) - 1
        best = ends[i] if i >= 0 else 0
    return skip_ws(text, best)


def _windows(work: str, mentions: list[Mention], reach: int = 200) -> list[tuple[int, int]]:
    """Merged ranges of text after each mention (up to `reach` characters or the end of its sentence, and
    on to the next sentence end for the inherited expressions that follow)."""
    out: list[tuple[int, int]] = []
    for m in mentions:
        lo, hi = m.end, min(len(work), m.end + reach)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def expressions(work: str, mentions: list[Mention], r: Rules) -> list[Expr]:
    """The threshold expressions of a criterion: where a comparator, a range or "within normal limits" starts
    after an analyte, and numbers right after an analyte (a trailing comparator may follow them)."""
    starts: set[int] = set()
    for lo, hi in _windows(work, mentions):
        starts |= {m.start() for m in r.comparator.finditer(work, lo, hi)}
        starts |= {m.start() for m in _BETWEEN.finditer(work, lo, hi)}
        starts |= {m.start() for m in r.normal.finditer(work, lo, hi)}
        starts |= {m.start() for m in OUTSIDE.finditer(work, lo, hi)}
    post_starts = set()
    for men in mentions:  # "BMI 18-35 kg/m2", "Weight - 80-300 pounds", "MMSE score of 5-26"
        p = skip_ws(work, men.end)
        glue = r.value_glue.match(work, p)
        if glue:
            p = glue.end()
        if p < len(work) and work[p].isdigit():
            post_starts.add(p)
    exprs: list[Expr] = []
    last_end = -1
    for s in sorted(starts | post_starts):
        if s < last_end:
            continue
        e = parse_expression(work, s, r, need_comparator=s not in post_starts)
        # a comparator inside a word ("over" in "overall") is no expression
        if e is None or (s > 0 and work[s - 1].isalpha() and work[s].isalpha()):
            continue
        exprs.append(e)
        last_end = e.end
    return _elliptic(work, exprs, r)


def _elliptic(work: str, exprs: list[Expr], r: Rules) -> list[Expr]:
    """Bare values after 'or' / 'and' / ',' that repeat the unit (or reference) of the expression before them
    and take its comparator: "Hgb < 11 g/dL in women or 12 g/dL in men", "ALT ≤ 2.5 × ULN or 5 × ULN if liver
    metastases"."""
    out: list[Expr] = []
    for i, e in enumerate(exprs):
        out.append(e)
        if e.comparator in ("between", "outside") or e.second_value is not None or (
                e.unit is None and e.reference == "absolute"):
            continue
        m = _ELLIPSIS.match(work, e.end)
        nxt = exprs[i + 1].start if i + 1 < len(exprs) else len(work)
        if not m or m.end() >= nxt:
            continue
        e2 = parse_expression(work, m.end(), r, need_comparator=False, default_comparator=e.comparator)
        if e2 is None or e2.end > nxt or e2.comparator != e.comparator or e2.unit != e.unit or \
                e2.reference != e.reference or e2.value_high is not None:
            continue
        out.append(e2)
    return out


class Reader:
    """Reads the expressions of one criterion in order, giving each its analytes, condition and group."""

    def __init__(self, work: str, mentions: list[Mention], exprs: list[Expr], r: Rules):
        self.work, self.mentions, self.exprs, self.r = work, mentions, exprs, r
        self._mention_starts = [m.start for m in mentions]  # mentions come sorted by start, expressions too
        self._expr_starts = [x.start for x in exprs]
        self.drafts: list[Draft] = []
        self.previous: list[Draft] = []  # the drafts of the last expression that had any
        self.prev_expr: Expr | None = None
        self.group = 0
        self.consumed: set[int] = set()  # starts of expressions that a condition holds ("if DBP < 90 mm Hg")

    def _mentions_between(self, lo: int, hi: int) -> list[Mention]:
        """The mentions inside [lo, hi], in order (by bisection: a criterion may hold thousands)."""
        i, j = bisect_left(self._mention_starts, lo), bisect_right(self._mention_starts, hi)
        return [m for m in self.mentions[i:j] if m.end <= hi]

    def _next_expr(self, e: Expr) -> Expr | None:
        """The first expression that starts after e's start."""
        i = bisect_right(self._expr_starts, e.start)
        return self.exprs[i] if i < len(self.exprs) else None

    def read(self) -> list[Draft]:
        for e in self.exprs:
            self._read(e)
        return self.drafts

    def _read(self, e: Expr) -> None:
        if e.start in self.consumed:
            return
        lo = self.prev_expr.end if self.prev_expr else 0
        analytes = self._analytes_before(e, lo)
        if e.reference == "normal_range" and self.work[e.start : e.end].strip().lower() == "normal" and not (
                analytes and _BARE_NORMAL_GLUE.match(self.work[analytes[-1].end : e.start])):
            self.prev_expr = e  # "(Pulse Rate, or ECG) deviating from normal": a bare "normal" right after its analytes
            return
        inherited, cond_before = (False, None) if analytes or not self.previous else self._inherits(e, lo)
        if not analytes and not inherited:
            self.prev_expr = e
            return
        e.in_parens = _inside_parens(self.work, e.start, lo if self.prev_expr else 0)
        if inherited and cond_before is None and self._equivalent(e, lo):
            return
        if inherited and not any(self._fits(d.analyte_id, e) for d in self.previous):
            self.prev_expr = e  # "BMI > 30 and at least 20 pounds in excess of ...": another quantity
            return
        cond_lead = None if (cond_before is not None or not analytes or not self.prev_expr) else \
            self._condition_leading(lo, analytes[0].start)
        cond = cond_before if cond_before is not None else cond_lead if cond_lead is not None else \
            self._condition(e, analytes)
        targets = [(m.analyte_id, (m.start, m.end)) for m in analytes] if analytes else \
            [(d.analyte_id, d.analyte_span) for d in self.previous]
        side = re.match(r"[ \t]*(systolic|diastolic)\b", self.work[e.end :], re.I)
        if side:  # "> 140 mm Hg systolic or > 90 mm Hg diastolic"
            e.end += side.end()
            sides = self.r.sides
            targets = [(sides[side.group(1).lower()] if a == "blood_pressure" or a in sides.values() else a, sp)
                       for a, sp in targets]
        connector = self.work[lo : (analytes[0].start if analytes else e.start)] if self.prev_expr else ""
        if cond is not None and analytes and _WITH.match(connector):
            for d in self.previous:  # "≤ 3 × ULN with direct bilirubin within normal range in patients with ..."
                if d.condition is None:
                    d.condition = cond
        self._add(e, targets, cond, inherited, not analytes, connector, cond_lead is not None)

    def _fits(self, analyte_id: str, e: Expr) -> bool:
        """Whether an expression with no analyte of its own can be about this analyte: no unit, a reference, a
        unit that converts to the analyte's, or a unit that makes it another entry (resources/threshold_forms.json)."""
        if e.unit is None or e.reference != "absolute":
            return True
        entry = lexicon().get(analyte_id)
        if entry is None or any(analyte_id in ids and e.unit in units for ids, units, _, _ in self.r.analyte_by_form):
            return True
        try:
            conversion(e.unit, entry.unit, entry.id, entry.molar_mass)
        except NotConvertible:
            return False
        except Exception:  # noqa: BLE001 - the converter's own errors: leave the decision to normalization
            return True
        return True

    def _analytes_before(self, e: Expr, lo: int) -> list[Mention]:
        """The analytes an expression is about: the nearest mention before it, when only glue lies between,
        and the mentions joined to that one."""
        work = self.work
        before = self._mentions_between(lo, e.start)
        if not before or not _glue_ok(work[before[-1].end : e.start]):
            return []
        analytes = [before[-1]]
        ratio_of = self.r.ratios
        parts: tuple[str, str] | None = None
        for m in reversed(before[:-1]):
            gap = work[m.end : analytes[0].start]
            if m.end <= analytes[0].start and not gap.strip():
                if m.analyte_id != analytes[0].analyte_id and \
                        work[analytes[0].start : analytes[0].end].lower() not in self.r.generic_names:
                    break  # "No hypertension LVEF greater than 50%": two names, the nearest is the analyte
                analytes[0] = m  # "HCV RNA viral load": one name, the first is the specific one
            elif m.end <= analytes[0].start and re.fullmatch(r"[\s)]*/[\s(]*", gap) and \
                    (m.analyte_id, analytes[0].analyte_id) in ratio_of:  # "FEV1/FVC < 70%": the ratio
                parts = (m.analyte_id, analytes[0].analyte_id)
                analytes = [Mention(m.start, analytes[0].end, ratio_of[parts])] + \
                    [a for a in analytes[1:] if a.analyte_id != parts[1]]
            elif parts and m.analyte_id == parts[0] and m.end <= analytes[0].start and gap.strip() == "(":
                analytes[0] = Mention(m.start, analytes[0].end, analytes[0].analyte_id)  # "... (FEV1) / ..."
            elif m.end <= analytes[0].start and (_CONNECTOR.match(gap) or self.r.labelled_join.match(gap)):
                if not re.search(r"[,/&]|\band\b|\bor\b", gap, re.I) and m.analyte_id != analytes[0].analyte_id:
                    break  # "hypertension (SBP ≥140": a bracket alone does not join two analytes
                analytes.insert(0, m)
            elif m.end > analytes[0].start:  # overlapping mention
                continue
            else:
                break
        if self.r.change_before.search(work, max(lo, analytes[0].start - 60), analytes[0].start):
            return []  # "an increase in FEV1 of ≥ 12%": a change, not a level
        return analytes

    def _inherits(self, e: Expr, lo: int) -> tuple[bool, tuple[int, int] | None]:
        """Whether an expression with no analyte of its own takes the previous one's, and the condition that
        stands between them ("(for subjects with Gilbert's disease ≤ 3 x ULN)")."""
        work, r = self.work, self.r
        between_text = work[lo : e.start] if self.prev_expr else ""
        # "(female) or", "for men;" (the sex of the previous cut-off), "; women:" (of the next one)
        sex_lead = r.sex_after.match(work, self.previous[-1].expr.end)
        rest = work[max(lo, sex_lead.end()) : e.start] if sex_lead else between_text
        sex_head = r.sex_before.search(rest)
        per_sex = sex_lead is not None or sex_head is not None
        stripped = (rest[: sex_head.start()] if sex_head else rest).strip()
        cond_in = r.condition.match(between_text.lstrip(" ,(\t\r\n"))
        if cond_in is not None and not re.search(r"[.;]\s", between_text):
            cs = lo + len(between_text) - len(between_text.lstrip(" ,(\t\r\n"))
            ce = e.start
            stop = _CONDITION_STOP.search(work, cs, ce)  # "(In patients with Gilbert's disease, bilirubin ... ≤ 2 x ULN)"
            if stop:
                ce = stop.start()
            while ce > cs and work[ce - 1] in " \t\r\n,":
                ce -= 1
            return True, (cs, ce)
        joined = _CONNECTOR.match(stripped) or stripped in ("", "(") or (stripped in (";", ",") and per_sex) or (
            stripped == ";" and (_inside_parens(work, e.start, max(0, lo - 200))
                                 or r.condition.match(work, e.end)))  # "; ≥ 1000/mm3 for patients with ..."
        return bool(joined), None

    def _equivalent(self, e: Expr, lo: int) -> bool:
        """'(≥ 90 g/L)' right after '≥ 9 g/dL': the same cut-off in another unit, noted on the previous drafts."""
        prev = self.previous[0].expr
        if self.work[lo : e.start].strip() != "(" or e.comparator != prev.comparator or (
                e.unit == prev.unit and e.reference == prev.reference):
            return False
        close = close_paren(self.work, e.end)
        if _condition_after(self.work, e.end, self.r, close if close != -1 else len(self.work)) is not None:
            return False
        for d in self.previous:
            d.equivalents.append((e.start, e.end))
        self.prev_expr = Expr(lo, (close + 1) if close != -1 else e.end, e.comparator, e.value)
        return True

    def _condition(self, e: Expr, analytes: list[Mention]) -> tuple[int, int] | None:
        """The condition after an expression ('if liver metastases'), up to the next expression, or the one a
        sentence opens with ('If there is liver metastasis, AST ...')."""
        work, r = self.work, self.r
        limit = len(work)
        if e.in_parens:
            close = close_paren(work, e.end)
            limit = close if close != -1 else limit
        held = self._next_expr(e)  # the next expression, if any
        if held is not None:
            limit = min(limit, held.start)
        cond = _condition_after(work, e.end, r, limit)
        if cond is not None and held is not None and not work[cond[1] : held.start].strip(" \t\r\n"):
            after = self._clause_end(held)
            if self._mentions_between(cond[0], held.start):
                # "if diastolic blood pressure less than 90 mm Hg": the condition holds a threshold of its own
                self.consumed.add(held.start)
                cond = (cond[0], held.end)
            elif self._mentions_between(held.end, after):
                # "for patients in whom < 50% of bone marrow nucleated cells are plasma cells": likewise, its
                # analyte named after it
                self.consumed.add(held.start)
                cond = (cond[0], after)
            else:
                cond = None  # "(for subjects with Gilbert's disease ≤ 3 x ULN)": it opens the next expression
        elif cond is not None and held is not None and not e.in_parens and work[e.end : cond[0]].strip() == "(":
            close = close_paren(work, cond[0])
            if held.start < (close if close != -1 else len(work)) and work[cond[1] : held.start].lstrip().startswith(","):
                cond = None  # "(if liver metastases, ≤ 5 x ULN)": the condition is the next expression's
        if cond is None and analytes:
            s0 = _sentence_start(work, analytes[0].start)
            head = r.condition.match(work, s0)
            comma = work.find(",", s0, analytes[0].start)
            if head and comma != -1 and head.end() <= comma:
                cond = (s0, comma)
        return cond

    def _clause_end(self, e: Expr) -> int:
        """Where the clause of an expression ends: the next comma, semicolon or full stop, a closing bracket, or the
        next expression (trailing spaces left out)."""
        work = self.work
        end = len(work)
        stop = _CONDITION_STOP.search(work, e.end)
        if stop:
            end = stop.start()
        close = close_paren(work, e.end)
        if close != -1:
            end = min(end, close)
        later = self._next_expr(e)
        if later is not None:
            end = min(end, later.start)
        while end > e.end and work[end - 1] in " \t\r\n":
            end -= 1
        return end

    def _condition_leading(self, lo: int, analyte_start: int) -> tuple[int, int] | None:
        """A condition that opens the clause of an analyte after an earlier expression: ", except in patients with
        Gilbert's syndrome, who must have a total bilirubin < 3.0 mg/dL" -> "in patients with Gilbert's
        syndrome"."""
        work, r = self.work, self.r
        p = lo
        while p < analyte_start and work[p] in " \t\r\n,(":
            p += 1
        lead = r.condition_lead.match(work, p, analyte_start)
        if lead:
            p = lead.end()
        head = r.condition.match(work, p, analyte_start)
        if head is None:
            return None
        s = p + len(work[p : head.end()]) - len(work[p : head.end()].lstrip(" \t\r\n,("))
        stop = _CONDITION_STOP.search(work, s, analyte_start)
        if stop is None:
            return None  # no comma closes it: "in patients with serum creatinine ≤ ..." is no leading condition
        end = stop.start()
        while end > s and work[end - 1] in " \t\r\n)":
            end -= 1
        return (s, end) if end > s else None

    def _add(self, e: Expr, targets: list, cond: tuple[int, int] | None, inherited: bool, no_analyte: bool,
             connector: str, leading: bool = False) -> None:
        """One draft per analyte; alternatives joined by 'or' share a group, and a conditional cut-off shares
        the group of the unconditional one it relaxes."""
        joined_or = bool(re.search(r"\bor\b", connector, re.I)) and not re.search(r"[.;](?:\s|$)", connector)
        seen_ids = set()
        new: list[Draft] = []
        for analyte_id, span in targets:
            if analyte_id in seen_ids:
                continue
            seen_ids.add(analyte_id)
            d = Draft(analyte_id, span, e, cond, inherited=no_analyte, connector=connector)
            base = next((x for x in reversed(self.drafts) if x.analyte_id == analyte_id and x.condition is None), None)
            if cond is not None and base is not None and (joined_or or inherited or e.in_parens or leading):
                d.group = base.group
            elif joined_or and self.drafts:
                d.group = self.drafts[-1].group
            else:
                self.group += 1
                d.group = self.group
            new.append(d)
        self.drafts.extend(new)
        self.previous = new
        self.prev_expr = Expr(e.start, max(e.end, cond[1] if cond else e.end), e.comparator, e.value)
