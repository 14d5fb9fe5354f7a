"""CTCAE grade limits of toxicities and adverse events ('recovered to grade ≤ 1' -> <=1), not tumour grades."""

from __future__ import annotations

import re

from .common import FactDraft, FactText, comparator

_CONTEXT = re.compile(r"CTCAE|toxicit|adverse|grade\s*[<>≤≥]|neuropathy|alopecia|NCI", re.I)
_TUMOUR = re.compile(r"WHO|tumou?r|NET|differentiat")


def ctcae_grade(t: FactText) -> list[FactDraft]:
    out, work = [], t.work
    for m in t.finditer("ctcae"):
        cmp = comparator(m.group("cmp")) or comparator(m.group("cmp2"))
        post = (m.group("post") or "").lower()
        if post in ("higher", "greater", "above", "more"):
            cmp = ">="
        elif post in ("less", "lower", "below"):
            cmp = "<="
        window = work[max(0, m.start() - 80) : m.end() + 40]
        if cmp is None or not _CONTEXT.search(window):
            continue
        if _TUMOUR.search(work[m.end() : m.end() + 30]):
            continue
        out.append(FactDraft("ctcae_grade", f"{cmp}{m.group('g')}", m.start(), m.end(), "CTCAE", cmp, float(m.group("g"))))
    return out
