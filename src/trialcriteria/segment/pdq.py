"""Pure: old NCI/PDQ records whose lines were joined, read as the list they were.

Under the PDQ headers (`DISEASE CHARACTERISTICS:`, `PATIENT CHARACTERISTICS:`, `PRIOR CONCURRENT THERAPY:`,
`PROTOCOL ENTRY CRITERIA:`) many registry records lost their line breaks: "PATIENT CHARACTERISTICS: Age: 18 and
over Performance status: Karnofsky greater than 70% Hepatic: Bilirubin no greater than 2.0 mg/dL Transaminases no
greater than 2.5 times normal". Each paragraph without a list marker is cut into statements:
- before a known label ("Age:", "Performance status:", "Hepatic:", "Biologic therapy:", ... data in
  resources/segmenter.json `pdq_labels`), and after any colon that ends a heading;
- where a new statement visibly starts without punctuation: a capitalized word right after the end of a phrase
  ("... leukemia Failed at least one ...", "... mg/dL Transaminases no greater ...", "... nursing No serious
  ..."), unless the word before is a connector ("or", "of", "with", ...) or the word is one that stands inside a
  phrase (a proper name, an eponym: `pdq_inside_words`).
Each statement becomes a logical line of its own; a statement that ends with ':' is a heading, and the tree
builder nests what follows under it. Paragraphs that start with a list marker are kept as they are.
"""

from __future__ import annotations

import re

from ..resources import SegmenterRules
from .lines import Line, match_line_marker, split_lines

_CAPITAL = re.compile(r"(?<=[A-Za-z0-9)%\]])[ \t\r\n]+(?P<w>[A-Z][A-Za-z0-9'’/-]*)(?=(?P<next>[ \t\r\n]+\S+|[ \t\r\n]*$))")
_COLON = re.compile(r"(?<![\d\s])[:：](?!\d)")
_INLINE_HEADER = re.compile(r"--+\s*[A-Za-z][A-Za-z /&]{2,60}?\s*--+")  # "--Prior/Concurrent Therapy--" inside a line


def statement_cuts(text: str, start: int, end: int, rules: SegmenterRules) -> list[int]:
    """Where statements start inside the unmarked paragraph text[start:end] (offsets; `start` excluded); an inline
    sub-header ("--Prior/Concurrent Therapy--") is cut off on both sides."""
    cuts: set[int] = set()
    for m in _INLINE_HEADER.finditer(text, start, end):
        cuts |= {m.start(), m.end()}
    for m in rules.pdq_labels.finditer(text, start, end):
        if m.start() > start:
            cuts.add(m.start())
    for m in _COLON.finditer(text, start, end):
        nxt = m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt < end:
            cuts.add(nxt)
    for m in _CAPITAL.finditer(text, start, end):
        if _starts_statement(text, m, start, rules):
            cuts.add(m.start("w"))
    return sorted(c for c in cuts if start < c < end)


def _starts_statement(text: str, m: re.Match, start: int, rules: SegmenterRules) -> bool:
    word = m.group("w")
    before = text[start : m.start()]
    prev = re.search(r"(\S+)\s*$", before)
    prev_word = prev.group(1) if prev else ""
    if len(word) == 1 or rules.pdq_connectors.fullmatch(prev_word.lower().strip("(,")) \
            or (word.isupper() and rules.pdq_connectors.fullmatch(word.lower())) or rules.pdq_inside_words.fullmatch(word):
        return False  # "amphotericin B", "... or Karnofsky", "positive OR bcr", a name inside a phrase
    if word.endswith(("'s", "’s")):  # an eponym: "Ewing's sarcoma", "Hodgkin's disease"
        return False
    if "/" in word and not (prev_word.endswith(")") and word.replace("/", "").isupper()):
        return False  # a unit ("30 U/L or"), unless a term opens after a bracket ("(chemotherapy) HIV/AIDS")
    following = m.group("next").strip()
    if rules.pdq_starters.fullmatch(word):
        return True
    if len(prev_word) > 1 and prev_word[0].isupper() and any(ch.islower() for ch in prev_word):
        return False  # after a capitalized word, a name goes on: "Systemic Lupus Activity Measure"
    if word.isupper():  # an acronym opens a statement only before a lower-case word: "(ULN) SGOT no greater";
        # one with digits only when it starts with two letters ("FEV1", "PO2"; not "F508", "P-450")
        if any(ch.isdigit() for ch in word) and not word[:2].isalpha():
            return False
        return bool(following) and (following[:1].islower() or following[:1] == "/")
    return not following or following[:1].islower() or following[:1].isdigit() or following[:1] == "("


def inline_headers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the inline sub-headers ("--Prior/Concurrent Therapy--") of a PDQ block: section headers
    that the joined text carries inside a paragraph."""
    return [m.span() for m in _INLINE_HEADER.finditer(text, start, end)]


def logical_lines(text: str, start: int, end: int, rules: SegmenterRules) -> list[Line]:
    """The lines of a PDQ block with each unmarked paragraph cut into statements (see the module docstring).
    A statement is a Line whose text may span physical lines; lines of marked items are kept as they are."""
    out: list[Line] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if not paragraph:
            return
        a, b = paragraph[0].body_start, paragraph[-1].body_end
        bounds = [a, *statement_cuts(text, a, b, rules), b]
        for s, e in zip(bounds, bounds[1:]):
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and not _INLINE_HEADER.fullmatch(text[s:e]):
                out.append(Line(s, e, text[s:e]))
        paragraph.clear()

    marked = False  # inside a marked item and its continuation lines
    for ln in split_lines(text, start, end):
        if ln.blank:
            flush()
            marked = False
            out.append(ln)
            continue
        has_marker = match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start) is not None
        if has_marker or marked:
            flush()
            marked = True
            out.append(ln)
        else:
            paragraph.append(ln)
    flush()
    return out
