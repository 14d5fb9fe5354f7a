"""Pure: running text -> sentences, and prose eligibility -> criteria (one per sentence, split at top-level ';')."""

from __future__ import annotations

import re

from ..resources import SegmenterRules, segmenter_rules

_TERMINAL = ".!?。"
_CLOSERS = "\"'”’)]"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_boundary(text: str, i: int, rules: SegmenterRules) -> bool:
    """Does the sentence that ends with text[i] (a terminal mark) really end there?"""
    if text[i] == "." and i > 0:
        m = _WORD_BEFORE.search(text, max(0, i - 12), i)
        if m and m.group(1).lower().rstrip(".") in rules.no_split_abbreviations:
            return False
        if m and len(m.group(1)) == 1 and m.group(1).isupper():  # an initial: "J. Smith", "U.S."
            return False
    return True


def split_sentences(text: str, start: int, end: int, rules: SegmenterRules | None = None) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (trimmed, terminal mark included), never inside brackets.

    A blank line ends a sentence only when the text before it ends one or the text after it starts with a
    capital (a page break inside a sentence, "abscess or\\n\\nfistula", does not).
    """
    rules = rules or segmenter_rules()
    spans: list[tuple[int, int]] = []
    depth, s, i = 0, start, start
    while i < end:
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        cut = None
        if ch in _TERMINAL and depth == 0:
            j = i + 1
            while j < end and text[j] in _CLOSERS:
                j += 1
            k = j
            while k < end and text[k].isspace():
                k += 1
            opens = k < end and k > j and (text[k].isupper() or text[k].isdigit() or text[k] in "\"'“["
                               or (text[k] == "(" and not text[k + 1 : k + 2].islower()))  # not "(e.g., ...)"
            if (k == end or opens) and _is_boundary(text, i, rules):
                cut = j
        elif ch == "\n":
            k = i + 1
            while k < end and text[k] in " \t\r":
                k += 1
            if k < end and text[k] == "\n":  # a blank line
                before = text[s:i].rstrip()
                nxt = k
                while nxt < end and text[nxt].isspace():
                    nxt += 1
                if before and nxt < end and (before[-1] in _TERMINAL + ":" or not text[nxt].islower()):
                    cut = i
                    depth = 0
        if cut is not None:
            seg = text[s:cut]
            if seg.strip():
                a = s + (len(seg) - len(seg.lstrip()))
                spans.append((a, s + len(seg.rstrip())))
            s = cut
        i += 1
    seg = text[s:end]
    if seg.strip():
        spans.append((s + (len(seg) - len(seg.lstrip())), s + len(seg.rstrip())))
    return spans


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at top-level ';' (outside brackets)."""
    out, depth, s = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        elif ch in ";；" and depth == 0 and i + 1 < end and text[i + 1].isspace():
            out.append((s, i + 1))
            s = i + 1
    out.append((s, end))
    spans = []
    for a, b in out:
        seg = text[a:b]
        if seg.strip():
            spans.append((a + len(seg) - len(seg.lstrip()), a + len(seg.rstrip())))
    return spans


def sentence_section(sentence: str, rules: SegmenterRules, previous: str) -> str:
    """inclusion / exclusion from a sentence's wording; the previous sentence's section when it says nothing."""
    score = sum(c.score(sentence) for c in rules.prose_cues) + sum(o.score(sentence) for o in rules.prose_openers)
    if score < 0:
        return "exclusion"
    if score > 0:
        return "inclusion"
    return previous


_LEVEL = re.compile(r"\d\s*[≤≥<>=]|[≤≥<>=]\s*\$?\\?\w*\s*\d|\d")


def split_list_sentence(text: str, start: int, end: int, rules: SegmenterRules) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """A prose sentence that lists criteria ("Key exclusion criteria included A (...), B (...), C and D"): the
    span of its opener and of each listed criterion, or None. The list is cut at top-level commas (outside
    brackets) where the next element visibly starts: a word that opens a criterion ("a history of", "baseline",
    "concurrent", "presence of", ...), or any word after an element that states a level ("..., haemoglobin ≥ 9
    g/dl, total bilirubin ..."). A final "and" / "or" stays out of the element it introduces."""
    opener = rules.prose_list_opener.match(text, start, end)
    if opener is None or opener.end() >= end:
        return None
    cuts, depth, elem_start = [], 0, opener.end()
    for i in range(opener.end(), end):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
        elif ch == "," and depth == 0:
            nxt = i + 1
            while nxt < end and text[nxt].isspace():
                nxt += 1
            if nxt >= end or not text[nxt].isalpha():
                continue
            if rules.prose_list_starts.match(text, nxt) or _LEVEL.search(text, elem_start, i):
                cuts.append((i, nxt))
                elem_start = nxt
    if not cuts:
        return None
    spans, s = [], opener.end()
    for comma, nxt in cuts:
        spans.append((s, comma))
        s = nxt
    spans.append((s, end))
    out = []
    for a, b in spans:
        lead = re.match(r"(?:and|or)\s+", text[a:b])
        if lead:
            a += lead.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    head_end = opener.end()
    while head_end > start and text[head_end - 1] in " \t:":
        head_end -= 1
    return (start, head_end), out
