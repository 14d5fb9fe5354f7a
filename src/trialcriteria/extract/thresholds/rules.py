"""The rules of lab thresholds, compiled once from resources/thresholds.json (comparators, units as written,
references, cue words) and resources/threshold_forms.json (sub-units, analytes named by their unit or form, glue
between an analyte and a bare value, condition leads, labelled brackets, change words, ratios, units assumed when
none is written, generic names), and the helpers every step shares: a same-length working copy of the text (full-width
forms made ASCII), numbers as written, whitespace."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...resources import read_json, threshold_resources

COUNT_UNITS = {"/uL", "/mm3", "/L"}


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
    sub_units: dict  # unit -> (sub-unit, factor): "6 feet 4 inches"
    analyte_by_form: tuple  # ((analyte ids), (units), dipstick, analyte id)
    value_glue: re.Pattern[str]
    condition_lead: re.Pattern[str]
    labelled_join: re.Pattern[str]  # ") and liver (": the gap between analytes of two labelled brackets
    change_before: re.Pattern[str]  # "an increase in FEV1 of ≥ 12%": a change, not a level
    ratios: dict  # (numerator id, denominator id) -> ratio id: "FEV1/FVC"
    assumed_units: dict  # canonical unit -> units tried when none is written ("platelets < 100,000": /uL)
    generic_names: frozenset  # "viral load": part of the specific name before it ("HCV RNA viral load")


_FORM_KEYS = {"comment", "sub_units", "analyte_by_form", "value_glue", "condition_lead", "organ_labels",
              "change_before", "ratios", "assumed_units", "generic_names"}


def threshold_forms() -> dict:
    """resources/threshold_forms.json, checked: only known keys, sub-units with a positive factor, form rules
    with their four fields."""
    forms = read_json("threshold_forms.json")
    unknown = set(forms) - _FORM_KEYS
    if unknown:
        raise ValueError(f"threshold_forms.json: unknown key(s) {', '.join(sorted(unknown))}")
    for unit, (sub, factor) in forms["sub_units"].items():
        if not isinstance(sub, str) or not factor > 0:
            raise ValueError(f"threshold_forms.json: sub_units[{unit!r}] must be [sub-unit, factor > 0]")
    for rule in forms["analyte_by_form"]:
        if set(rule) != {"analytes", "units", "dipstick", "analyte"}:
            raise ValueError(f"threshold_forms.json: analyte_by_form rule {rule} needs analytes, units, dipstick, analyte")
    return forms


@lru_cache(maxsize=1)
def rules() -> Rules:
    res = threshold_resources()
    pairs = [(p, c.canonical) for c in res.comparators for p in c.patterns]
    pairs.sort(key=lambda x: -len(x[0]))  # longer (multi-word) forms first
    names = tuple(c for _, c in pairs)
    comparator = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(pairs)), re.I)
    refs = res.references
    forms = threshold_forms()
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
        sub_units={unit: (sub, 1.0 / factor) for unit, (sub, factor) in forms["sub_units"].items()},
        analyte_by_form=tuple((tuple(f["analytes"]), tuple(f["units"]), bool(f["dipstick"]), f["analyte"])
                              for f in forms["analyte_by_form"]),
        value_glue=re.compile(forms["value_glue"], re.I),
        condition_lead=re.compile(forms["condition_lead"], re.I),
        change_before=re.compile(forms["change_before"], re.I),
        ratios={(a, b): r for a, b, r in forms["ratios"]},
        assumed_units={k: tuple(v) for k, v in forms["assumed_units"].items()},
        generic_names=frozenset(n.lower() for n in forms["generic_names"]),
        labelled_join=re.compile(r"^[\s,)]*(?:and/or|and|or|&|,)[\s,]*(?:" + forms["organ_labels"] + r")[\s:]*\(\s*$", re.I),
    )


@dataclass(frozen=True)
class UnitMatcher:
    regex: re.Pattern[str]
    ucum_by_group: tuple[str, ...]

    def match(self, text: str, pos: int) -> tuple[str, int, int] | None:
        """(UCUM code, start, end) of a unit starting at text[pos:] after optional spaces."""
        m = self.regex.match(text, pos)
        if not m:
            return None
        for i, ucum in enumerate(self.ucum_by_group):
            if m.group(f"u{i}") is not None:
                return ucum, m.start(f"u{i}"), m.end(f"u{i}")
        return None


@lru_cache(maxsize=1)
def unit_matcher() -> UnitMatcher:
    rules = threshold_resources().units
    alts, codes = [], []
    for i, rule in enumerate(rules):
        alts.append(f"(?P<u{i}>{'|'.join(f'(?:{p})' for p in rule.patterns)})")
        codes.append(rule.ucum)
    regex = re.compile(r"[ \t\u00a0]*(?:" + "|".join(alts) + ")", re.I)
    return UnitMatcher(regex, tuple(codes))


# full-width forms (U+FF01-FF5E) -> their ASCII twins, the ideographic space and the wave dashes: one character
# for one, so offsets do not move ("＜140/90mmHg", "≧100×10^9/L，", "17.1～25.8")
_FULL_WIDTH = {**{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}, 0x3000: 0x20, 0x301C: 0x7E, 0x2053: 0x7E,
               0x2212: 0x2D}

_LATEX = {"\\geq": "≥", "\\leq": "≤", "\\ge ": "≥ ", "\\le ": "≤ ", "\\pm": "±", "\\times": "×"}


def working_text(text: str) -> str:
    """A same-length copy of text that is easier to read: markdown escapes and LaTeX `$` become spaces,
    LaTeX comparators become symbols (padded with spaces), line breaks become spaces, square brackets
    become parentheses, full-width forms become ASCII ("＜" "<", "，" ",", "～" "~") and the minus sign a hyphen."""
    out = text.translate(_FULL_WIDTH)
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


def skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n\u00a0":
        pos += 1
    return pos
