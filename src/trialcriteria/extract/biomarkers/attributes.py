"""Attributes: what follows a marker (exon, variant, scale, value, result, alteration words), read item by item
with the `attributes` patterns of resources/biomarkers.json, and what precedes it (`prefixes`: "positive for",
"wild-type", "mutations in").

A run of items ends at the first word that is no attribute, filler or connector, or at the next marker. A
connector ("or", "and", ",", "/") continues the run only when an attribute that makes a record of its own follows
it ("exon 19 deletion or L858R"; not "HER2-negative and positive lymph nodes").

A run is cut into groups, one record each: at a connector, at an opening bracket after a group that already
says something ("HER2-positive (IHC 3+ or ISH+)" -> three), and where an item would fill a slot its group has
filled already (a second exon, variant, value or result). A group of a method alone ("(by FISH)") joins the group
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import STRONG, VALUED, Rules


@dataclass(frozen=True)
class Item:
    kind: str
    start: int
    end: int
    match: re.Match

    def group(self, name: str) -> str | None:
        return self.match.groupdict().get(name)


def scan(work: str, pos: int, limit: int, r: Rules, max_items: int = 40) -> list[Item]:
    """The items from `pos` up to `limit` (the next marker), trimmed (see the module docstring)."""
    items: list[Item] = []
    while pos < limit and len(items) < max_items:
        for kind, rx in r.attributes:  # lookaheads see past the limit; a match may not run into the next marker
            m = rx.match(work, pos)
            if m is not None and pos < m.end() <= limit:
                break
        else:
            break
        items.append(Item(kind, m.start(), m.end(), m))
        pos = m.end()
    return trim(items, work, limit)


_BEFORE_NEXT = re.compile(r"[\s-]+(?:of|in|for|on|at)\s+(?:the\s+)?$", re.I)


def trim(items: list[Item], work: str = "", limit: int = 0) -> list[Item]:
    """Cut at the first connector that no strong attribute follows, and at a number after a result ("ER
    negative with at least 4 positive nodes"); drop trailing fillers and separators, and an alteration word that
    names the next marker's alteration ("... (defined as expression of ER").)"""
    seen_result = False
    for i, it in enumerate(items):
        if it.kind == "connector":
            nxt = next((x for x in items[i + 1:] if x.kind not in ("separator", "filler", "connector")), None)
            if nxt is None or nxt.kind not in STRONG:
                items = items[:i]
                break
        if it.kind == "cmpnum" and seen_result:
            items = items[:i]
            break
        seen_result = seen_result or it.kind == "result"
    while items and items[-1].kind in ("separator", "filler", "connector"):
        items = items[:-1]
    if items and items[-1].kind == "alteration" and limit < len(work) and _BEFORE_NEXT.fullmatch(work, items[-1].end, limit):
        return trim(items[:-1], work, limit)
    return items


def _slot(it: Item) -> str | None:
    if it.kind in ("exon", "variant", "result"):
        return it.kind
    if it.kind == "codon":
        return "variant"
    if it.kind in VALUED or (it.kind == "ihc" and it.group("zero")):
        return "value"
    if it.kind in ("ihc", "ish"):
        return "scale:" + it.kind
    return None


_SPECIFIC = ("deletion", "insertion", "amplification", "fusion")


def _conflicts(group: list[Item], it: Item) -> bool:
    slot = _slot(it)
    if slot is not None and any(_slot(x) == slot for x in group):
        return True
    if it.kind == "alteration":
        kinds = {x.match.lastgroup for x in group if x.kind == "alteration"}
        new = it.match.lastgroup
        return new in _SPECIFIC and bool(kinds & set(_SPECIFIC) - {new})
    return False


def _complete(group: list[Item], it: Item) -> bool:
    """A group that an opening bracket closes: it has a result or a value ("HER2-positive (IHC 3+"), or an
    alteration word before a new alteration ("EGFR mutation (exon 19 deletion"; not "overexpression (2-3+)")."""
    if any(x.kind == "result" or x.kind in VALUED for x in group):
        return True
    return any(x.kind == "alteration" for x in group) and it.kind in ("exon", "variant", "codon", "alteration")


def _method_only(group: list[Item]) -> bool:
    return all(x.kind in ("ihc", "ish") and not x.group("zero") for x in group)


def split_groups(items: list[Item], work: str) -> list[list[Item]]:
    """The items of a run cut into groups, fillers, connectors and separators left out (module docstring)."""
    groups: list[list[Item]] = []
    cur: list[Item] = []
    conn = opened = False
    for it in items:
        if it.kind == "filler":
            continue
        if it.kind == "separator":
            opened = opened or any(c in work[it.start:it.end] for c in "([")
            continue
        if it.kind == "connector":
            conn = True
            continue
        strong = it.kind in STRONG
        if cur and ((conn and strong) or (opened and strong and _complete(cur, it)) or _conflicts(cur, it)):
            groups.append(cur)
            cur = []
        cur.append(it)
        conn = opened = False
    if cur:
        groups.append(cur)
    merged: list[list[Item]] = []
    for g in groups:
        if merged and _method_only(g):
            merged[-1] = merged[-1] + g
        else:
            merged.append(g)
    return merged


_WORD_BEFORE = re.compile(r"(?<![^\s(\[])(\S+?)[\s-]+$")


def prefix_items(work: str, start: int, r: Rules, floor: int = 0) -> list[tuple[str, int]]:
    """(kind, start) of the prefixes right before `start`, nearest last ("positive for", "wild-type",
    "mutations in the"; `coordinated`: an alteration word listed before another, "mutation or amplification
    of"; `variant`: "T790M EGFR mutation"), no further back than `floor`."""
    out: list[tuple[str, int]] = []
    end = start
    lo = max(floor, start - 80)
    word = _WORD_BEFORE.search(work, lo, end)
    variant = dict(r.attributes)["variant"]
    if word is not None and (m := variant.match(work, word.start())) is not None and m.end() == word.end(1):
        out.append(("variant", word.start()))  # "T790M EGFR mutation", "F508del CFTR"
        end = word.start()
    for _ in range(4):
        for kind, rx in r.prefixes:
            m = rx.search(work, lo, end)
            if m is not None and m.end() == end and m.end() > m.start():
                out.insert(0, (kind, m.start()))
                end = m.start()
                break
        else:
            break
    return out
