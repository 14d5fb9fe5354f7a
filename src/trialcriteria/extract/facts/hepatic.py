"""Child-Pugh classes ('Child-Pugh A or B' -> A,B; 'B class by Child-Pugh') and scores ('Child-Pugh score > 6')."""

from __future__ import annotations

import re

from .common import FactDraft, FactText, comparator


def child_pugh(t: FactText) -> list[FactDraft]:
    out = []
    for m in list(t.finditer("child_pugh")) + list(t.finditer("child_pugh_before")):
        classes = sorted(set(re.findall(r"[ABC]", m.group("classes"))))
        out.append(FactDraft("child_pugh", ",".join(classes), m.start(), m.end(), None, None, None, classes))
    for m in t.finditer("child_pugh_score"):  # "Child-Pugh score > 6": a score, not a class
        cmp = comparator(m.group("cmp"))
        out.append(FactDraft("child_pugh", f"{cmp}{m.group('score')}", m.start(), m.end(), None, cmp, float(m.group("score"))))
    return out
