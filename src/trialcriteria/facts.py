"""Pure: a criterion's text (and its lab thresholds) -> the other computable facts, each typed and with a
canonical `value` (annotations/facts/GUIDELINES.md lists the forms): age, sex, performance status (ECOG,
WHO, Karnofsky, Lansky), life expectancy, NYHA class, Child-Pugh class, CTCAE grade limits, QTc and blood
pressure limits (from the lab thresholds), pregnancy, lactation, contraception (and its duration after the
last dose), prior lines of therapy, measurable disease (RECIST 1.1, iRECIST, RANO), tumor grade and
differentiation, Ki-67 cut-offs (from the lab thresholds), histology (NET, NEC, MiNEN with its percentage, ...)
and brain metastases (present, treated, stable for N weeks, off steroids). Patterns are data in
resources/facts.json: comparator phrases shared by every rule, the age forms, and keyword gates that skip a rule
when none of its words is in the criterion."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import read_json
from .timewindows import iso_duration

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
_UNIT = {"w": "W", "m": "M", "y": "Y", "d": "D"}


@dataclass
class FactDraft:
    kind: str
    value: str
    start: int
    end: int
    scale: str | None = None
    comparator: str | None = None
    number: float | None = None
    values: list[str] = field(default_factory=list)
    duration: str | None = None
    inclusion_only: bool = False  # stated only by an inclusion criterion: sex, using contraception
    sex: str | None = None  # a limit given per sex (QTc, blood pressure)


def _number(raw: str) -> int:
    raw = " ".join(raw.lower().replace("-", " ").split())
    return int(raw) if raw.isdigit() else _rules()["numbers"][raw]


@lru_cache(maxsize=1)
def _rules() -> dict:
    d = read_json("facts.json")
    out = {"comparators": {" ".join(k.lower().split()): v for k, v in d["comparators"].items()},
           "numbers": d["numbers"]}
    cmp = _comparator_pattern(d["comparators"])
    for k, v in d.items():
        if k == "histology":  # one alternation, in priority order: "non-small cell" before "small cell"
            out[k] = ([name for name, _ in v], re.compile("|".join(f"(?P<h{i}>{p})" for i, (_, p) in enumerate(v)), re.I))
        elif k == "age":
            out[k] = _age_rules(v, cmp)
        elif k == "gates":
            out[k] = {key: tuple(words) for key, words in v.items() if not key.startswith("_")}
        elif k == "sex_opposite":
            out[k] = {key: re.compile(p, re.I) for key, p in v.items()}
        elif isinstance(v, list):
            out[k] = [re.compile(p.replace("{CMP}", cmp), re.I) for p in v]
        elif isinstance(v, str):
            out[k] = re.compile(v.replace("{CMP}", cmp), re.I)
    return out


def _comparator_pattern(comparators: dict[str, str]) -> str:
    """Any comparator phrase of resources/facts.json, longest first, with flexible spaces."""
    phrases = sorted(comparators, key=len, reverse=True)
    # a lookahead on the first characters lets the engine leave most positions at once
    first = "".join(sorted({c for ph in phrases for c in (ph[0].lower(), ph[0].upper())}))
    return "(?=[" + re.escape(first) + "])(?:" + "|".join(r"\s+".join(re.escape(w) for w in ph.split()) + (r"\b" if ph[-1].isalpha() else "")
                            for ph in phrases) + ")"


def _age_rules(v: dict, cmp: str) -> dict:
    """The age forms of resources/facts.json with their placeholders filled: {CMP} is any comparator phrase,
    {N} a number, {U} a unit, {CUE} the age cue, {TAIL} 'of age' / 'old'."""
    fill = {"{CMP}": cmp, "{N}": v["number"], "{U}": v["unit"], "{CUE}": v["cue"], "{TAIL}": v["tail"]}
    forms = []
    for name, pattern in v["forms"]:
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        forms.append((name, re.compile(pattern, re.I)))
    return {"forms": forms, "subject_prefix": re.compile(v["subject_prefix"], re.I),
            "duration_after": re.compile(v["duration_after"], re.I),
            "no_unit_after": re.compile(v["no_unit_after"], re.I), "not_cue_before": re.compile(v["not_cue_before"], re.I),
            "subject_before": re.compile(v["subject_before"], re.I)}


def _cmp(raw: str | None) -> str | None:
    if not raw:
        return None
    return _rules()["comparators"].get(" ".join(raw.lower().split()), None)


def _grades(expr: str) -> tuple[str | None, list[int]]:
    """'≤ 1' -> ('<=', [0, 1]); '0-2' -> (None, [0, 1, 2]); '0 or 1' -> (None, [0, 1])."""
    m = re.match(r"\s*(≤|<=|=<|≥|>=|=>|<|>|\\<|\\>|at\s+least|no\s+more\s+than|less\s+than|greater\s+than|of\s+at\s+least)?\s*(.*)$", expr, re.I)
    cmp = _cmp(m.group(1))
    post = re.search(r"\bor\s+(lower|less|below|better|higher|greater|above|more|worse)\s*$", m.group(2), re.I)
    if post and cmp is None:
        cmp = "<=" if post.group(1).lower() in ("lower", "less", "below", "better") else ">="
    nums = [int(x) for x in re.findall(r"\d{1,3}", m.group(2))]
    rng = re.fullmatch(r"\s*(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})%?\s*", m.group(2))
    if rng:
        a, b = int(rng.group(1)), int(rng.group(2))
        return None, list(range(min(a, b), max(a, b) + 1))
    return cmp, nums


_SCALES = {"ecog": "ECOG", "eastern cooperative oncology group": "ECOG", "who": "WHO", "zubrod": "ECOG",
           "karnofsky": "Karnofsky", "karnowsky": "Karnofsky", "kps": "Karnofsky", "lansky": "Lansky", "lps": "Lansky"}


def _perf(m: re.Match, text: str) -> FactDraft | None:
    raw_scale = m.group("scale").lower()
    scale = _SCALES.get(" ".join(raw_scale.split()), "ECOG")
    cmp, nums = _grades(m.group("expr") or "")
    if not nums:
        return None
    if scale in ("Karnofsky", "Lansky"):
        prefix = "KPS" if scale == "Karnofsky" else "LPS"
        c = cmp or (">=" if len(nums) == 1 else None)
        if c is None:
            return FactDraft("performance_status", f"{prefix}:{','.join(map(str, nums))}", m.start(), m.end(), scale, None, None, [str(n) for n in nums])
        return FactDraft("performance_status", f"{prefix}{c}{nums[0]}", m.start(), m.end(), scale, c, float(nums[0]))
    if cmp in ("<=", "<"):
        top = nums[0] - (1 if cmp == "<" else 0)
        allowed = list(range(0, top + 1))
    elif cmp in (">=", ">"):
        low = nums[0] + (1 if cmp == ">" else 0)
        allowed = list(range(low, 5 + 1))
    else:
        allowed = sorted(set(nums))
    if any(n > 5 for n in allowed):
        return None
    return FactDraft("performance_status", f"{scale}:{','.join(map(str, allowed))}", m.start(), m.end(), scale, cmp,
                     None, [str(n) for n in allowed])


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # "＜18y" -> "<18y": same length, offsets kept


def plain(text: str) -> str:
    """Fullwidth ASCII forms as ASCII and line breaks as spaces (same length: offsets stay valid)."""
    return text.translate(_FULLWIDTH).replace("\n", " ").replace("\r", " ")


_INCLUSIVE = {">=", "<="}
_POST = {"older": ">=", "over": ">=", "above": ">=", "more": ">=", "greater": ">=",
         "younger": "<=", "less": "<=", "under": "<=", "below": "<="}


_DIGIT = re.compile(r"\d")


def _age_unit(raw: str | None) -> str:
    return "M" if raw and raw.lower().startswith("mo") else "Y"


def extract_ages(text: str) -> list[FactDraft]:
    """Age statements: '18 years or older' -> >=18Y, 'aged between 18 and 65 years' -> 18-65Y, '>40 and <70
    years old' -> >40Y and <70Y (a range only when both ends are inclusive), 'under the age of 18' -> <18Y,
    'Age = 50' -> ==50Y (Chia's lost signs are read as written). A number is an age when an age cue ('age',
    'aged'), a tail ('of age', 'old', 'y.o.') or 'older/younger' says so, or when it opens the criterion
    ('Men 18 years or older'); months need a cue or a tail ('12 months of amenorrhea' is no age)."""
    return _ages(plain(text)) if _DIGIT.search(text) else []  # every age statement has a number


def _ages(work: str) -> list[FactDraft]:
    """extract_ages on text already made plain."""
    rules = _rules()["age"]
    out: list[FactDraft] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in rules["forms"]:
        for m in pattern.finditer(work):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            g = m.groupdict()
            units = [u for u in (g.get("u1"), g.get("u2")) if u]
            cue = bool(g.get("cue") or g.get("tail") or g.get("tail1") or form == "cmp_age_of"
                       or re.match(r"y\.\s?o|yo", units[-1] if units else "", re.I))
            wordy = (g.get("cmp") or "").lower().startswith(("older", "younger")) or g.get("post") in ("older", "younger")
            opens = bool(rules["subject_prefix"].match(work[:a]))
            if not cue:
                if any(_age_unit(u) == "M" for u in units) or rules["duration_after"].match(work[b:]):
                    continue
                if not (wordy and units) and not (opens and (units or form != "range")) and not (
                        form == "pre" and rules["subject_before"].search(work[:a]) and not units):
                    continue
            if form == "range" and not units and not g.get("cue"):
                continue
            if not units and not (g.get("tail") or g.get("cue") or form == "cmp_age_of") and not rules["no_unit_after"].match(work[b:]):
                continue  # "=88 cm in women", "= 12 g/dL": a number with another unit
            if g.get("cue") and rules["not_cue_before"].search(work[:a]):
                continue  # "gestational age", "bone age"
            unit = _age_unit(units[-1] if units else None)
            n1 = int(m.group("n1"))
            n2 = int(g["n2"]) if g.get("n2") else None
            if not 0 < n1 < 120 or (n2 is not None and not 0 < n2 < 120):
                continue
            if form == "range":
                if n2 <= n1:
                    continue
                drafts = [(f"{n1}-{n2}{unit}", None, n1)]
            elif form == "two_sided":
                c1, c2 = _cmp(g["cmp"]), _cmp(g["cmp2"])
                if c1 in _INCLUSIVE and c2 in _INCLUSIVE and c1 != c2 and n1 < n2:
                    drafts = [(f"{min(n1, n2)}-{max(n1, n2)}{unit}", None, min(n1, n2))]
                else:
                    drafts = [(f"{c1}{n1}{unit}", c1, n1), (f"{c2}{n2}{unit}", c2, n2)]
            elif form == "post":
                c = _POST[g["post"].lower()]
                drafts = [(f"{c}{n1}{unit}", c, n1)]
            else:
                c = _cmp(g["cmp"])
                drafts = [(f"{c}{n1}{unit}", c, n1)]
            taken.append((a, b))
            for value, c, n in drafts:
                out.append(FactDraft("age", value, a, b, None, c, float(n)))
    return sorted(out, key=lambda f: f.start)


def extract_facts(text: str, labs: list[dict] | None = None) -> list[FactDraft]:
    r = _rules()
    work = plain(text)
    low = work.lower()

    def gated(key: str) -> bool:
        words = r["gates"].get(key)
        return words is None or any(w in low for w in words)

    def finditer(key: str) -> Iterator[re.Match]:
        return r[key].finditer(work) if gated(key) else iter(())

    def search(key: str) -> re.Match | None:
        return r[key].search(work) if gated(key) else None

    out: list[FactDraft] = []
    if _DIGIT.search(work):
        out.extend(_ages(work))
    for m in finditer("performance_status"):
        f = _perf(m, work)
        if f:
            out.append(f)
            second = _SCALES.get((m.group("scale2") or "").lower())
            if second and second != f.scale and f.scale in ("Karnofsky", "Lansky"):  # "Karnofsky/Lansky score of ≥ 50"
                prefix = {"Karnofsky": "KPS", "Lansky": "LPS"}
                out.append(FactDraft(f.kind, prefix[second] + f.value[3:], f.start, f.end, second, f.comparator, f.number, f.values))
    for m in finditer("life_expectancy"):
        cmp = _cmp(m.group("cmp")) or ">="  # a bare "life expectancy of 3 months" is at least 3 months
        n = _number(m.group("n"))
        dur = iso_duration(float(n), _UNIT[m.group("unit")[0].lower()])
        out.append(FactDraft("life_expectancy", f"{cmp}{dur}", m.start(), m.end(), None, cmp, float(n), duration=dur))
    for m in list(finditer("nyha")) + list(finditer("nyha_after")) + list(finditer("nyha_per")):
        raw = m.group("classes") or m.group("classes2") if "classes2" in m.groupdict() else m.group("classes")
        raw = raw or ""
        cmp = _cmp(m.groupdict().get("cmp") or m.groupdict().get("cmp2"))
        names = [_ROMAN[x.lower()] for x in re.findall(r"IV|III|II|I|[1-4]", raw)]
        if not names or any(f.kind == "nyha_class" and f.start <= m.start() < f.end for f in out):
            continue
        if "+" in raw or re.search(r"(?:or|and)\s+(?:above|higher|greater)", raw, re.I):
            cmp = ">="
        rng = re.search(r"(IV|III|II|I|[1-4])\s*(?:-|–|to)\s*(IV|III|II|I|[1-4])", raw)
        if rng:
            names = list(range(_ROMAN[rng.group(1).lower()], _ROMAN[rng.group(2).lower()] + 1))
        value = f"{cmp}{_ROMAN_OUT[names[0]]}" if cmp else ",".join(_ROMAN_OUT[n] for n in sorted(set(names)))
        out.append(FactDraft("nyha_class", value, m.start(), m.end(), None, cmp, None, [_ROMAN_OUT[n] for n in sorted(set(names))]))
    for m in list(finditer("child_pugh")) + list(finditer("child_pugh_before")):
        classes = sorted(set(re.findall(r"[ABC]", m.group("classes"))))
        out.append(FactDraft("child_pugh", ",".join(classes), m.start(), m.end(), None, None, None, classes))
    for m in finditer("child_pugh_score"):  # "Child-Pugh score > 6": a score, not a class
        cmp = _cmp(m.group("cmp"))
        out.append(FactDraft("child_pugh", f"{cmp}{m.group('score')}", m.start(), m.end(), None, cmp, float(m.group("score"))))
    for m in finditer("ctcae"):
        cmp = _cmp(m.group("cmp")) or _cmp(m.group("cmp2"))
        post = (m.group("post") or "").lower()
        if post in ("higher", "greater", "above", "more"):
            cmp = ">="
        elif post in ("less", "lower", "below"):
            cmp = "<="
        window = work[max(0, m.start() - 80) : m.end() + 40]
        if cmp is None or not re.search(r"CTCAE|toxicit|adverse|grade\s*[<>≤≥]|neuropathy|alopecia|NCI", window, re.I):
            continue
        if re.search(r"WHO|tumou?r|NET|differentiat", work[m.end() : m.end() + 30]):
            continue
        out.append(FactDraft("ctcae_grade", f"{cmp}{m.group('g')}", m.start(), m.end(), "CTCAE", cmp, float(m.group("g"))))
    heading = work.rstrip().endswith(":") and len(work.split()) <= 5  # "Pregnancy and contraception:"
    for kind, key, value in (("pregnancy", "pregnancy", "pregnant"), ("lactation", "lactation", "lactating")):
        found = [x for x in finditer(key) if key != "pregnancy" or not r["pregnancy_not"].search(work[max(0, x.start() - 40) : x.start()])]
        if found and not heading:
            m = next((x for x in found if x.group(0).lower().startswith("negative")), found[0])
            out.append(FactDraft(kind, value, m.start(), m.end()))
    m = search("contraception")
    if m and not heading:
        # asked for ("must use effective contraception"), or its lack excluded ("not employing adequate
        # contraception"); using it, in an exclusion, is a drug history: kept for inclusion criteria only
        required = bool(r["contraception_lack"].search(work[max(0, m.start() - 80) : m.end()])
                        or r["contraception_asks"].search(work))
        after_dose = list(r["contraception_after"].finditer(work))
        if not required and not r["contraception_use"].search(work):
            pass  # an item of a list of methods ("Hormonal contraception plus a barrier method;") asks for nothing
        elif after_dose:
            for dur in after_dose:
                n, unit = (dur.group("n"), dur.group("unit")) if dur.group("n") else (dur.group("n2"), dur.group("unit2"))
                value = iso_duration(float(_number(n)), _UNIT[unit[0].lower()])
                out.append(FactDraft("contraception", value, min(m.start(), dur.start()), max(m.end(), dur.end()),
                                     duration=value, inclusion_only=not required))
        else:
            out.append(FactDraft("contraception", "required", m.start(), m.end(), inclusion_only=not required))
    for m in finditer("prior_lines"):
        if m.group("naive") or m.groupdict().get("naive2"):
            out.append(FactDraft("prior_lines", "==0", m.start(), m.end(), None, "==", 0.0))
            continue
        n = m.group("n") or m.group("n2") or m.group("n3")
        n = _number(n)
        if m.group("ge") and m.group("ge").lower() == "more than":
            n += 1
        out.append(FactDraft("prior_lines", f">={n}", m.start(), m.end(), None, ">=", float(n)))
    meas = search("measurable")
    rec = search("recist")
    if meas or (rec and re.search(r"measurable|lesion|disease", work, re.I)):
        if rec:
            name = "RANO" if "RANO" in rec.group(0).upper() else ("iRECIST" if rec.group("i") else f"RECIST {rec.group('v') or rec.group('v2') or '1.1'}")
        else:
            name = "measurable"
        span = meas or rec
        out.append(FactDraft("measurable_disease", name, span.start(), span.end(), name if rec else None))
    for m in finditer("tumor_grade"):
        if m.group("g"):
            grades = sorted(set(re.findall(r"G[1-4]", m.group("g"))))
        else:
            grades = [f"G{i}" for i in range(int(m.group("a")), int(m.group("b")) + 1)]
        out.append(FactDraft("tumor_grade", ",".join(grades), m.start(), m.end(), None, None, None, grades))
    for m in finditer("differentiation"):
        d = (m.groupdict().get("d") or "well").lower()
        d = {"un": "undifferentiated"}.get(d, d)
        out.append(FactDraft("differentiation", d, m.start(), m.end()))
    names, pattern = r["histology"]
    for m in (pattern.finditer(work) if gated("histology") else ()):
        value = names[int(m.lastgroup[1:])]
        if value == "MiNEN":
            pct = re.search(r"(?:>|≥|>=|more\s+than)\s*(\d+)\s*%", work[m.end() : m.end() + 60])
            if pct:
                value = f"MiNEN>{pct.group(1)}%"
        out.append(FactDraft("histology", value, m.start(), m.end()))
    bm = search("brain_metastases")
    if bm:
        out.append(FactDraft("brain_metastases", "present", bm.start(), bm.end()))
        if r["brain_treated"].search(work):
            t = r["brain_treated"].search(work)
            out.append(FactDraft("brain_metastases", "treated", t.start(), t.end()))
        st = r["brain_stable"].search(work) or r["brain_stable_rev"].search(work)
        if st:
            dur = iso_duration(float(st.group("n")), _UNIT[st.group("unit")[0].lower()])
            out.append(FactDraft("brain_metastases", f"stable>={dur}", st.start(), st.end(), duration=dur))
        off = r["off_steroids"].search(work)
        if off:
            out.append(FactDraft("brain_metastases", "off_steroids", off.start(), off.end()))
    m = search("sex")
    if m:
        out.append(FactDraft("sex", "female" if m.group("f") else "male", m.start(), m.end(), inclusion_only=True))
    else:
        # a criterion whose subject is one sex ("Females undergoing ICSI", "Men 18 years or older"), and
        # that names neither the other sex nor pregnancy, lactation or contraception (their subject is women)
        m = search("sex_subject")
        if m:
            key = "f" if m.group("f") else "m"
            rest = work[m.end() :]
            if not r["sex_opposite"][key].search(rest) and not r["sex_topics"].search(work) \
                    and not r["sex_condition"].match(rest):  # "Females must have been sterilized ..." is a condition
                out.append(FactDraft("sex", "female" if key == "f" else "male", m.start(key), m.end(key), inclusion_only=True))
    # one fact per (kind, value) in a criterion; of several prior-line counts ("one line or more than one
    # line") the lowest is the requirement
    lines = [f for f in out if f.kind == "prior_lines"]
    if len(lines) > 1:
        keep = min(lines, key=lambda f: f.number or 0)
        out = [f for f in out if f.kind != "prior_lines" or f is keep]
    unique: list[FactDraft] = []
    for f in out:  # "Mixed ... neoplasm (MiNEN)": the same fact named twice in a row is one
        twin = next((u for u in unique if u.kind == f.kind and u.value == f.value and f.start - u.end <= 5 and f.start >= u.start), None)
        if twin is None:
            unique.append(f)
    out = unique
    # facts that are lab thresholds as well: QTc, blood pressure, Ki-67
    for lab in labs or []:
        aid = lab["analyte_id"]
        cmp, value = lab["comparator"], lab["value"]
        num = f"{value:g}"
        if aid in ("qtc", "qtcf", "qtcb", "qt"):
            name = {"qtc": "QTc", "qtcf": "QTcF", "qtcb": "QTcB", "qt": "QT"}[aid]
            out.append(FactDraft("qtc", f"{name}{cmp}{num}ms", lab["start"], lab["end"], None, cmp, value, sex=lab.get("sex")))
        elif aid in ("sbp", "dbp"):
            out.append(FactDraft("blood_pressure", f"{aid.upper()}{cmp}{num}mmHg", lab["start"], lab["end"], None, cmp, value,
                                 sex=lab.get("sex")))
        elif aid == "ki67":
            out.append(FactDraft("ki67", f"{cmp}{num}%", lab["start"], lab["end"], None, cmp, value))
    return out
