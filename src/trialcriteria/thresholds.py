"""Pure: a criterion's text and its analyte mentions -> lab thresholds.

The analytes are found by the medspaCy TargetMatcher (rules built from resources/analytes.jsonl); this module
reads what follows them. Everything it recognizes is data in resources/thresholds.json.

1. Expressions: a comparator (symbol or words: "≥", "\\>=", "> or =", "at least", "not exceeding", "up to",
   "below", "in excess of", LaTeX "\\geq"), a number (1,500; 100 000; 1.5; 1,5; "50.000/mmc" read as fifty
   thousand), then a reference (x ULN, times the upper limit of normal, x LLN, % of predicted) or a unit
   (/µL, cells/mm3, x 10⁹/L, g/dL, mL/min/1.73 m², mg/mg, ms, mmHg, %, ...); or a range ("between X and Y",
   "X–Y"); or a trailing comparator ("100,000/mm3 or more"); or "within normal limits".
2. Analytes: the nearest analyte before the expression, when only glue lies between ("level", "count", "of",
   "(ANC)", ":"); analytes joined to it by "and", "or", ",", "/" share the expression ("AST and ALT ≤ 2.5 ×
   ULN" is two records). An expression with no analyte of its own that follows another one in parentheses or
   after "or" / "," takes that one's analytes ("(≤ 5 × ULN if liver metastases)", ">470 ms for females").
3. Conditions: "if ...", "for subjects with ...", "in patients with ...", "with documented bone metastases"
   after the expression, a condition between "(" and an inherited expression ("(for subjects with Gilbert's
   disease ≤ 3 x ULN)"), or a sentence that opens with one ("If there is liver metastasis, AST, ALT ≤ 5 x ULN").
4. Equivalents: an expression in parentheses right after another, with the same comparator and no condition,
   is the same cut-off in another unit ("≥ 9 g/dL (≥ 90 g/L)"): noted, not a second requirement.
5. Qualifiers: "without transfusion", "without granulocyte colony-stimulating factor support", "(may have
   been transfused)", "fasting" are kept on the records they follow.
6. Groups: records joined by "or" are alternatives and share a group; a conditional record shares the group
   of the unconditional record of the same analyte it relaxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize.units import unit_matcher
from .resources import threshold_resources

COUNT_UNITS = {"/uL", "/mm3", "/L"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    analyte_id: str


@dataclass
class Expr:
    start: int
    end: int
    comparator: str
    value: float
    value_high: float | None = None
    unit: str | None = None
    unit_span: tuple[int, int] | None = None
    reference: str = "absolute"
    in_parens: bool = False
    second_value: float | None = None  # "150/95 mmHg": the diastolic value of a blood pressure
    dangling_multiplier: bool = False  # "AST <3x": a multiple whose reference comes later or is the ULN


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


# ------------------------------------------------------------------------------------------ compiled rules


@dataclass(frozen=True)
class Rules:
    comparator: re.Pattern[str]
    comparator_names: tuple[str, ...]
    post_comparator: tuple[tuple[re.Pattern[str], str], ...]
    number: re.Pattern[str]
    reference: re.Pattern[str]
    reference_names: tuple[str, ...]
    normal: re.Pattern[str]
    condition: re.Pattern[str]
    qualifier: re.Pattern[str]
    formulas: tuple[tuple[str, re.Pattern[str]], ...]
    sides: dict
    number_words: dict
    number_word: re.Pattern[str]
    glue_stop: re.Pattern[str]
    sex_after: re.Pattern[str]
    sex_before: re.Pattern[str]
    after_stop: re.Pattern[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    res = threshold_resources()
    pairs = [(p, c.canonical) for c in res.comparators for p in c.patterns]
    pairs.sort(key=lambda x: -len(x[0]))  # longer (multi-word) forms first
    names = tuple(c for _, c in pairs)
    comparator = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(pairs)), re.I)
    refs = res.references
    reference = re.compile(r"[ \t\r\n\u00a0]*(?:" + "|".join(f"(?P<r{i}>{r.pattern})" for i, r in enumerate(refs)) + ")", re.I)
    return Rules(
        comparator=comparator,
        comparator_names=names,
        post_comparator=tuple((re.compile(p.pattern, re.I), p.canonical) for p in res.post_comparators),
        number=re.compile(r"(?<![\d.,])(?:10\s*(?:\^|\*\*|\*)\s*\d{1,2}\*?(?![\d/])|10[⁰¹²³⁴⁵⁶⁷⁸⁹]+|-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)?|[.]\d+)(?![\d])"),
        reference=reference,
        reference_names=tuple(r.reference for r in refs),
        normal=re.compile(res.normal_range, re.I),
        condition=re.compile(r"[ \t\r\n]*[,(]?[ \t\r\n]*(?:" + "|".join(f"(?:{p})" for p in res.condition_openers) + ")", re.I),
        qualifier=re.compile("|".join(f"(?:{p})" for p in res.qualifiers), re.I),
        formulas=tuple((name, re.compile(p, re.I)) for name, p in res.formulas.items()),
        sides=dict(res.blood_pressure_sides),
        number_words={k.lower(): v for k, v in res.number_words.items()},
        number_word=re.compile(r"(?:(" + "|".join(k for k, v in res.number_words.items() if k in ("twice", "double", "triple", "thrice", "quadruple")) +
                               r")|(" + "|".join(k for k in res.number_words if k not in ("twice", "double", "triple", "thrice", "quadruple")) +
                               r")(?=\s*(?:times|-?fold|x\b)))\b", re.I),
        glue_stop=re.compile(res.glue_stop_words, re.I),
        after_stop=re.compile(res.after_stop_words, re.I),
        sex_after=re.compile(res.sex_after, re.I),
        sex_before=re.compile(res.sex_before, re.I),
    )


# ------------------------------------------------------------------------------------------------ helpers

_LATEX = {"\\geq": "≥", "\\leq": "≤", "\\ge ": "≥ ", "\\le ": "≤ ", "\\pm": "±", "\\times": "×"}


def working_text(text: str) -> str:
    """A same-length copy of text that is easier to read: markdown escapes and LaTeX `$` become spaces,
    LaTeX comparators become symbols (padded with spaces), line breaks become spaces, square brackets
    become parentheses."""
    out = text
    for k, v in _LATEX.items():
        out = out.replace(k, v + " " * (len(k) - len(v)))
    out = re.sub(r"\\(?=[<>=^*\[\]().\-+_~#!])", " ", out)
    out = out.replace("$", " ").replace("\r", " ").replace("\n", " ").replace("[", "(").replace("]", ")")
    return out


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def parse_number(raw: str, unit: str | None) -> float:
    s = raw.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    power = re.fullmatch(r"10(?:\^|\*\*|\*)(\d{1,2})\*?", s) or re.fullmatch(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", s)
    if power:
        return float(10 ** int(power.group(1).translate(_SUPERSCRIPT)))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", s):
        return float(s.replace(",", "."))  # decimal comma: "1,5 x ULN"
    if re.fullmatch(r"\d{1,3}\.\d{3}", s) and unit in COUNT_UNITS:
        return float(s.replace(".", ""))  # "50.000/mmc": a thousands point
    return float(s.replace(",", "."))


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n\u00a0":
        pos += 1
    return pos


_RANGE_SEP = re.compile(r"[ \t]*(?:-|–|—|to|and)[ \t]*")
_ECHO = re.compile(r"\s*(?:\(\s*[<>=≤≥]{1,2}\s*\)|[=≥≤](?=\s*\d))")
_OUTSIDE = re.compile(r"outside\s+(?:of\s+)?(?:the\s+)?(?:(?:normal\s+|reference\s+)?range\s+(?:of\s+)?)?", re.I)
_ALLOWED_AFTER = {"and", "or", "in", "at", "on", "for", "if", "with", "without", "during", "within", "prior", "before",
                  "after", "while", "unless", "when", "but", "as", "by", "from", "to", "nor", "measured", "confirmed",
                  "determined", "obtained", "documented", "respectively", "of", "the", "per", "despite", "who", "which",
                  "that", "on", "is", "are", "was", "were", "must", "should", "will", "using", "according", "x",
                  "times", "upper", "lower", "normal", "uln", "lln", "except", "unless", "until", "since", "via",
                  "under", "over", "above", "below", "more", "less", "greater", "higher", "lower", "or", "e", "i"}


def parse_expression(text: str, pos: int, r: Rules, *, need_comparator: bool = True) -> Expr | None:
    """The threshold expression starting at text[pos] (a comparator, 'between', 'within normal limits', or a
    number followed by a trailing comparator)."""
    start = _skip_ws(text, pos)
    m = r.comparator.match(text, start)
    comparator = None
    q = start
    between = False
    if m:
        comparator = r.comparator_names[int(m.lastgroup[1:])]
        q = m.end()
        echo = _ECHO.match(text, q)  # "less than or equal to (=<) 40", "at least =15 mm"
        if echo:
            q = echo.end()
    else:
        b = re.match(r"(?:between|from)\s+", text[start:], re.I)
        o = _OUTSIDE.match(text, start)
        if b:
            between, q = True, start + b.end()
        elif o:
            q = o.end()
        else:
            n = r.normal.match(text, start)
            if n:
                return Expr(start, n.end(), "between", 1.0, 1.0, None, None, "normal_range")
            if need_comparator:
                return None
    q = _skip_ws(text, q)
    outside = comparator is None and not between and _OUTSIDE.match(text, start) is not None
    if comparator and not between:
        n = r.normal.match(text, q)
        ref = r.reference.match(text, q)
        if ref and not text[q : q + 1].isdigit() and ref.lastgroup and r.reference_names[int(ref.lastgroup[1:])] in ("ULN", "LLN"):
            name = r.reference_names[int(ref.lastgroup[1:])]
            return Expr(start, ref.end(), comparator, 1.0, None, None, None, name)
        if n and comparator == "==":
            return Expr(start, n.end(), "between", 1.0, 1.0, None, None, "normal_range")
        x = re.match(r"[x×]\s*(?=\d)", text[q:])  # "> x3 upper normal limit"
        if x:
            q += x.end()
    num = r.number.match(text, q)
    word_value = None
    if not num:
        w = r.number_word.match(text, q)
        if not w:
            return None
        word_value = r.number_words[w.group(0).lower()]
        num = w
    pos = num.end()
    if re.match(r"(?:st|nd|rd|th)\b", text[pos : pos + 3]):
        return None  # "5th percentile"
    second = None
    if word_value is None:
        sl = re.match(r"[ \t]*/[ \t]*(\d{2,3})(?![\d.,/])", text[pos:])  # "150/95 mmHg"
        if sl and not unit_matcher().match(text, pos):
            second, pos = float(sl.group(1)), pos + sl.end()
    log = re.match(r"[ \t]*log(?:10|₁₀)?[ \t]*(?=[A-Za-z])", text[pos:], re.I)
    if log:
        pos += log.end()
    high_raw = None
    sep = _RANGE_SEP.match(text, pos)
    if second is None and word_value is None and sep and (between or outside or comparator is None or text[pos:sep.end()].strip() in ("-", "–", "—")):
        num2 = r.number.match(text, sep.end())
        if num2 and (between or outside or text[pos:sep.end()].strip() in ("-", "–", "—", "to")):
            high_raw, pos = num2.group(0), num2.end()
    reference, unit, unit_span = "absolute", None, None
    dangling = False
    ref = r.reference.match(text, pos)
    if ref and ref.lastgroup:
        reference = r.reference_names[int(ref.lastgroup[1:])]
        if reference == "predicted":
            unit = "%"
        pos = ref.end()
    else:
        um = unit_matcher().match(text, pos)
        if um is None and text[_skip_ws(text, pos) : _skip_ws(text, pos) + 1] == "(":
            inner = unit_matcher().match(text, _skip_ws(text, pos) + 1)  # "60(ml/min/1.73 m2)"
            if inner and text[inner[2] : inner[2] + 1] == ")":
                um = (inner[0], inner[1], inner[2] + 1)
        if um:
            unit, us, ue = um
            unit_span, pos = (us, ue), ue
        elif re.match(r"[ \t]*(?:[x×]|times|fold)(?![\w])", text[pos:], re.I):  # "<3x", "<3 times [...] UNL"
            dangling = True
            pos += re.match(r"[ \t]*(?:[x×]|times|fold)", text[pos:], re.I).end()
        elif word_value is None:
            after = re.match(r"[ \t]*([A-Za-z][A-Za-z-]*)", text[pos:])
            if after and after.group(1).lower() not in _ALLOWED_AFTER:
                return None  # "more than 15 oocytes": the number counts something else
    if word_value is not None and reference == "absolute" and unit is None and not dangling:
        return None
    if r.after_stop.match(text[pos:]):
        return None  # "< 15% rise per day": a change, not a level
    if comparator is None:
        for pattern, canonical in r.post_comparator:
            pm = pattern.match(text, pos)
            if pm:
                comparator, pos = canonical, pm.end()
                break
    if outside and high_raw is not None:
        comparator = "outside"
    elif high_raw is not None:
        comparator = "between"
    if comparator is None:
        return None
    value = word_value if word_value is not None else parse_number(num.group(0), unit)
    if log:
        value = float(10 ** value)
    high = parse_number(high_raw, unit) if high_raw is not None else None
    if dangling:
        reference = "ULN"
    return Expr(start, pos, comparator, value, high, unit, unit_span, reference, second_value=second,
                dangling_multiplier=dangling)


# ---------------------------------------------------------------------------------------------- the reading

_CONNECTOR = re.compile(r"^[\s,/&+()]*(?:(?:and/or|and|or|&)[\s,/()]*)?$", re.I)
_GLUE_BAD = re.compile(r"[.;](?:\s|$)|[<>≤≥=]|\d")
_SENT_END = re.compile(r"[.;](?=\s|$)")


def _glue_ok(glue: str) -> bool:
    if len(glue) > 60 or rules().glue_stop.search(glue):
        return False
    # digits inside a parenthetical name are fine: "HbA1c (glycated haemoglobin A1c)"
    bare = re.sub(r"\([^()]*\)", "", glue)
    return not _GLUE_BAD.search(bare)


def _close_paren(text: str, pos: int) -> int:
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
    close = _close_paren(text, s)
    if close != -1 and close < end:
        end = close
    stop = re.compile(r"[,;](?=\s)|\.(?=\s|$)|\s+or\s+(?=[^\s]*\s*(?:[<>≤≥]|\d))", re.I).search(text, s, end)
    if stop:
        end = stop.start()
    while end > s and text[end - 1] in " \t\r\n)":
        end -= 1
    return (s, end) if end > s else None


def _sentence_start(text: str, pos: int) -> int:
    best = 0
    for m in _SENT_END.finditer(text, 0, pos):
        best = m.end()
    return _skip_ws(text, best)


_BETWEEN = re.compile(r"\b(?:between|from)\s+\d", re.I)
_BP = {"blood_pressure", "sbp", "dbp"}


def _split_pairs(drafts: list[Draft]) -> list[Draft]:
    """'150/95 mmHg' -> systolic and diastolic records; 'outside 100-160' -> '< 100' and '> 160'."""
    out: list[Draft] = []
    for d in drafts:
        e = d.expr
        if e.second_value is not None:
            if d.analyte_id not in _BP:
                out.append(d)
                continue
            if d.analyte_id == "dbp":
                continue
            sys_e = Expr(e.start, e.end, e.comparator, e.value, None, e.unit, e.unit_span, e.reference, e.in_parens)
            dia_e = Expr(e.start, e.end, e.comparator, e.second_value, None, e.unit, e.unit_span, e.reference, e.in_parens)
            out.append(Draft("sbp", d.analyte_span, sys_e, d.condition, d.qualifiers, d.equivalents, d.formula, d.group, d.inherited, d.connector))
            out.append(Draft("dbp", d.analyte_span, dia_e, d.condition, list(d.qualifiers), list(d.equivalents), d.formula, d.group, d.inherited, d.connector))
        elif e.comparator == "outside":
            low = Expr(e.start, e.end, "<", e.value, None, e.unit, e.unit_span, e.reference, e.in_parens)
            high = Expr(e.start, e.end, ">", e.value_high, None, e.unit, e.unit_span, e.reference, e.in_parens)
            out.append(Draft(d.analyte_id, d.analyte_span, low, d.condition, d.qualifiers, d.equivalents, d.formula, d.group, d.inherited, d.connector))
            out.append(Draft(d.analyte_id, d.analyte_span, high, d.condition, list(d.qualifiers), list(d.equivalents), d.formula, d.group, d.inherited, d.connector))
        else:
            out.append(d)
    return out


def _add_qualifiers(drafts: list[Draft], work: str, r: Rules) -> None:
    """'without transfusion', '(may have been transfused)', 'fasting': right after a record's expression (past
    its equivalents and condition), before the next expression or the end of the sentence."""
    ends = sorted({d.expr.start for d in drafts})
    for d in drafts:
        q_from = max([d.expr.end] + [e[1] for e in d.equivalents] + ([d.condition[1]] if d.condition else []))
        if d.equivalents:
            close = _close_paren(work, d.equivalents[-1][1])
            q_from = max(q_from, close + 1 if close != -1 else q_from)
        q_to = min([s for s in ends if s > d.expr.start] + [len(work)])
        sent = _SENT_END.search(work, q_from, q_to)
        q_to = sent.start() if sent else q_to
        for qm in r.qualifier.finditer(work, q_from, q_to):
            if work[q_from : qm.start()].strip(" ,;("):
                break
            a, b = qm.start(), qm.end()
            while a < b and work[a].isspace():
                a += 1
            d.qualifiers.append((a, b))
            q_from = b


def _sexes(drafts: list[Draft], work: str, r: Rules) -> None:
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


def _share_units(drafts: list[Draft], work: str) -> None:
    """'≥ 18 and ≤ 33 kg/m2': the unit written once belongs to both numbers; a '≥ low and ≤ high' pair on one
    analyte is one 'between' record."""
    i = 0
    while i + 1 < len(drafts):
        a, b = drafts[i], drafts[i + 1]
        if b.inherited and a.analyte_id == b.analyte_id and a.expr.unit is None and b.expr.unit is not None \
                and a.expr.reference == "absolute" == b.expr.reference and not re.search(r"[.;]", b.connector):
            a.expr.unit = b.expr.unit
        if b.inherited and a.analyte_id == b.analyte_id and a.expr.comparator == ">=" and b.expr.comparator == "<=" \
                and re.fullmatch(r"\s*and\s*", b.connector) and a.condition is None and b.condition is None:
            a.expr.comparator, a.expr.value_high, a.expr.end = "between", b.expr.value, b.expr.end
            a.expr.unit = a.expr.unit or b.expr.unit
            del drafts[i + 1]
            continue
        i += 1


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


def extract(text: str, mentions: list[Mention]) -> list[Draft]:
    """All lab thresholds of one criterion (offsets into `text`)."""
    if not mentions:
        return []
    r = rules()
    work = working_text(text)
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    # expressions: where a comparator, a range or "within normal limits" starts, looked for only after an
    # analyte (the window reaches the next sentence end, so inherited expressions are found too)
    starts: set[int] = set()
    for lo, hi in _windows(work, mentions):
        starts |= {m.start() for m in r.comparator.finditer(work, lo, hi)}
        starts |= {m.start() for m in _BETWEEN.finditer(work, lo, hi)}
        starts |= {m.start() for m in r.normal.finditer(work, lo, hi)}
        starts |= {m.start() for m in _OUTSIDE.finditer(work, lo, hi)}
    post_starts = set()
    for men in mentions:
        p = men.end
        while p < len(work) and (work[p] in " \t:" or work[p : p + 3].lower() in ("of ", "is ")):
            p += 3 if work[p : p + 3].lower() in ("of ", "is ") else 1
        if p < len(work) and work[p].isdigit():
            post_starts.add(p)
    exprs: list[Expr] = []
    last_end = -1
    for s in sorted(starts | post_starts):
        if s < last_end:
            continue
        e = parse_expression(work, s, r, need_comparator=s not in post_starts)
        if e is None and s in post_starts:
            continue
        if e is None:
            continue
        # a comparator inside a word ("over" in "overall") or a number with no analyte nearby is rejected later
        if s > 0 and work[s - 1].isalpha() and work[s].isalpha():
            continue
        exprs.append(e)
        last_end = e.end
    drafts: list[Draft] = []
    previous: list[Draft] = []
    prev_expr: Expr | None = None
    group = 0
    for e in exprs:
        lo = prev_expr.end if prev_expr else 0
        before = [m for m in mentions if m.end <= e.start and m.start >= lo]
        analytes: list[Mention] = []
        if before and _glue_ok(work[before[-1].end : e.start]):
            primary = before[-1]
            analytes = [primary]
            for m in reversed(before[:-1]):
                gap = work[m.end : analytes[0].start]
                if m.end <= analytes[0].start and not gap.strip():
                    analytes[0] = m  # "HCV RNA viral load": one name, the first is the specific one
                elif m.end <= analytes[0].start and _CONNECTOR.match(gap):
                    if not re.search(r"[,/&]|\band\b|\bor\b", gap, re.I) and m.analyte_id != analytes[0].analyte_id:
                        break  # "hypertension (SBP ≥140": a bracket alone does not join two analytes
                    analytes.insert(0, m)
                elif m.end > analytes[0].start:  # overlapping mention
                    continue
                else:
                    break
        inherited = False
        cond_before = None
        between_text = work[lo : e.start] if prev_expr else ""
        if not analytes and previous:
            # "(female) or", "for men;" (the sex of the previous cut-off), "; women:" (of the next one)
            sex_lead = r.sex_after.match(work, previous[-1].expr.end)
            rest = work[max(lo, sex_lead.end()) : e.start] if sex_lead else between_text
            sex_head = r.sex_before.search(rest)
            per_sex = sex_lead is not None or sex_head is not None
            stripped = (rest[: sex_head.start()] if sex_head else rest).strip()
            cond_in = r.condition.match(between_text.lstrip(" ,(\t\r\n"))
            if cond_in is not None and not re.search(r"[.;]\s", between_text):
                head = len(between_text) - len(between_text.lstrip(" ,(\t\r\n"))
                cs = lo + head
                ce = e.start
                while ce > cs and work[ce - 1] in " \t\r\n,":
                    ce -= 1
                cond_before = (cs, ce)
                inherited = True
            elif _CONNECTOR.match(stripped) or stripped in ("", "(") or (stripped in (";", ",") and per_sex) or (
                    stripped == ";" and (_inside_parens(work, e.start, max(0, lo - 200))
                                         or r.condition.match(work, e.end))):  # "; ≥ 1000/mm3 for patients with ..."
                inherited = True
        if not analytes and not inherited:
            prev_expr = e
            continue
        e.in_parens = _inside_parens(work, e.start, lo if prev_expr else 0)
        # equivalent: "(≥ 90 g/L)" right after "≥ 9 g/dL"
        if inherited and cond_before is None and previous and work[lo : e.start].strip() == "(" \
                and e.comparator == previous[0].expr.comparator and (e.unit != previous[0].expr.unit or e.reference != previous[0].expr.reference):
            close = _close_paren(work, e.end)
            cond = _condition_after(work, e.end, r, close if close != -1 else len(work))
            if cond is None:
                for d in previous:
                    d.equivalents.append((e.start, e.end))
                prev_expr = Expr(lo, (close + 1) if close != -1 else e.end, e.comparator, e.value)
                continue
        limit = len(work)
        if e.in_parens:
            close = _close_paren(work, e.end)
            limit = close if close != -1 else limit
        nxt = [x.start for x in exprs if x.start > e.start]
        if nxt:
            limit = min(limit, nxt[0])
        cond = cond_before or _condition_after(work, e.end, r, limit)
        if cond is not None and cond is not cond_before and nxt and not work[cond[1] : nxt[0]].strip(" \t\r\n"):
            cond = None  # "(for subjects with Gilbert's disease ≤ 3 x ULN)": it opens the next expression
        if cond is None and analytes:
            s0 = _sentence_start(work, analytes[0].start)
            head = r.condition.match(work, s0)
            comma = work.find(",", s0, analytes[0].start)
            if head and comma != -1 and head.end() <= comma:
                cond = (s0, comma)
        targets = [(m.analyte_id, (m.start, m.end)) for m in analytes] if analytes else \
            [(d.analyte_id, d.analyte_span) for d in previous]
        # blood pressure: "> 140 mm Hg systolic or > 90 mm Hg diastolic"
        side = re.match(r"[ \t]*(systolic|diastolic)\b", work[e.end :], re.I)
        if side:
            e.end += side.end()
            targets = [(r.sides[side.group(1).lower()] if a in ("blood_pressure",) or a in r.sides.values() else a, sp)
                       for a, sp in targets]
        connector = work[lo : (analytes[0].start if analytes else e.start)] if prev_expr else ""
        joined_or = bool(re.search(r"\bor\b", connector, re.I)) and not re.search(r"[.;](?:\s|$)", connector)
        seen_ids = set()
        new: list[Draft] = []
        for analyte_id, span in targets:
            if analyte_id in seen_ids:
                continue
            seen_ids.add(analyte_id)
            d = Draft(analyte_id, span, e, cond, inherited=not analytes, connector=connector)
            base = next((x for x in reversed(drafts) if x.analyte_id == analyte_id and x.condition is None), None)
            if cond is not None and base is not None and (joined_or or inherited or e.in_parens):
                d.group = base.group
            elif joined_or and drafts:
                d.group = drafts[-1].group
            else:
                group += 1
                d.group = group
            new.append(d)
        drafts.extend(new)
        previous = new
        prev_expr = Expr(e.start, max(e.end, cond[1] if cond else e.end), e.comparator, e.value)
    drafts = _split_pairs(drafts)
    _sexes(drafts, work, r)
    _share_units(drafts, work)
    _add_qualifiers(drafts, work, r)
    # formulas named in the criterion go to the clearance / GFR records
    for name, pattern in r.formulas:
        fm = pattern.search(work)
        if fm:
            for d in drafts:
                if d.analyte_id in ("creatinine_clearance", "egfr"):
                    d.formula = d.formula or name
    return drafts
