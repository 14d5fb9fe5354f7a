"""Pure text helpers shared by the section finder and the criterion splitter: lines, list markers, brackets,
markdown escapes and the normalized text of a raw span."""

from __future__ import annotations

import re
from dataclasses import dataclass

# ------------------------------------------------------------------------------------------------ lines


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character of the line
    end: int  # offset just past the last character (line break excluded)
    text: str  # the line as written

    @property
    def body(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        n = 0
        for ch in self.text:
            if ch == " " or ch == "\u00a0":
                n += 1
            elif ch == "\t":
                n += 4
            else:
                break
        return n

    @property
    def body_start(self) -> int:
        return self.start + (len(self.text) - len(self.text.lstrip()))

    @property
    def body_end(self) -> int:
        return self.start + len(self.text.rstrip())

    @property
    def blank(self) -> bool:
        return not self.text.strip()


_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of text[start:end], with offsets into text."""
    end = len(text) if end is None else end
    lines, pos = [], start
    for m in _BREAK.finditer(text, start, end):
        lines.append(Line(pos, m.start(), text[pos : m.start()]))
        pos = m.end()
    if pos < end or not lines:
        lines.append(Line(pos, end, text[pos:end]))
    return lines


# ---------------------------------------------------------------------------------------------- markers

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
BULLETS = "-*•·‣◦▪■●○➢►–—"

# A marker at the start of a line (after indentation). Order matters: roman before alpha is resolved later.
_LINE_MARKER = re.compile(
    r"""
    (?P<bullet>[-*•·‣◦▪■●○➢►–—](?:[ \t]+[-*•·‣◦▪■●○➢►–—](?=[ \t]|$))*)(?=[ \t]|$)   # - , * , • , "- -"
  | (?P<bglued>[•·▪■●➢►])(?=\S)                                              # •Text
  | (?P<circ>[①-⑳])
  | \((?P<pnum>\d{1,3})\)                                                     # (1)
  | (?P<num>\d{1,3})(?P<numesc>\\?)(?P<nclose>[.)])(?:(?=[ \t]|$)|(?=[A-Z(\[]))   # 1.  1)  1\.  1.Age
  | \((?P<palpha>[a-zA-Z]|[ivxIVX]{1,5})\)(?=[ \t]|$|[A-Z])                   # (a) (iv)
  | (?P<alpha>[a-zA-Z]|[ivxIVX]{2,5})(?P<aesc>\\?)(?P<aclose>[.)])(?=[ \t]|$)     # a. a) iv.
    """,
    re.X,
)


@dataclass(frozen=True)
class Marker:
    text: str  # as written, markdown escape removed
    start: int  # offsets into the document
    end: int
    family: str  # bullet | num | circ | alpha | ALPHA | roman | ROMAN
    style: str  # closing style: ".", ")", "()", or the bullet character
    value: int | None  # sequence value; None for bullets
    alt_value: int | None = None  # for i/v/x: the value when read as a letter

    @property
    def scheme(self) -> tuple[str, str]:
        return (self.family, self.style)

    @property
    def is_start(self) -> bool:
        """True when the marker can open a new list (1, a, i, ①)."""
        return self.value == 1 or self.alt_value == 1


def _letter_marker(token: str, style: str) -> tuple[str, int, int | None]:
    """(family, value, alt_value) of a letter or roman token."""
    low = token.lower()
    upper = token.isupper()
    if low in _ROMAN and (len(low) > 1 or low in ("i", "v", "x")):
        family = "ROMAN" if upper else "roman"
        alt = (ord(low) - 96) if len(low) == 1 else None
        return family, _ROMAN[low], alt
    return ("ALPHA" if upper else "alpha"), ord(low) - 96, None


def match_line_marker(text: str, pos: int, base: int) -> Marker | None:
    """The list marker at text[pos:], if any; `base` is the document offset of text[0]."""
    m = _LINE_MARKER.match(text, pos)
    if not m:
        return None
    s, e = base + m.start(), base + m.end()
    if m.group("bullet") is not None:
        raw = m.group("bullet")
        return Marker(" ".join(raw.split()), s, e, "bullet", raw[0] if raw[0] not in "–—" else "-", None)
    if m.group("bglued") is not None:
        ch = m.group("bglued")
        return Marker(ch, s, e, "bullet", ch, None)
    if m.group("circ") is not None:
        ch = m.group("circ")
        return Marker(ch, s, e, "circ", "circ", CIRCLED.index(ch) + 1)
    if m.group("pnum") is not None:
        return Marker(m.group(0), s, e, "num", "()", int(m.group("pnum")))
    if m.group("num") is not None:
        return Marker(m.group("num") + m.group("nclose"), s, e, "num", m.group("nclose"), int(m.group("num")))
    if m.group("palpha") is not None:
        fam, val, alt = _letter_marker(m.group("palpha"), "()")
        return Marker(m.group(0), s, e, fam, "()", val, alt)
    fam, val, alt = _letter_marker(m.group("alpha"), m.group("aclose"))
    return Marker(m.group("alpha") + m.group("aclose"), s, e, fam, m.group("aclose"), val, alt)


# Markers that can interrupt a line ("... of entry. 3. Recovery", "(9)Pregnancy", "③Hemoglobin").
_RUNIN = re.compile(
    r"""
    (?:(?<=[.;:!?)\]。；])|(?<=[.;:!?)\]]["'”’]))[ \t]+(?P<num>\d{1,3})\.(?=[ \t]+[^a-z\s])   # ". 3. Recovery"
  | (?<![\w(])\((?P<pnum>\d{1,3})\)(?=[ \t]*[^a-z\s\d)])                                  # "(10)Other"
  | (?P<circ>[①-⑳])
    """,
    re.X,
)


def runin_markers(text: str, start: int, end: int) -> list[Marker]:
    """Candidate run-in markers inside text[start:end] (the caller checks that their numbering fits)."""
    out = []
    for m in _RUNIN.finditer(text, start, end):
        if m.group("num") is not None:
            s = m.start("num")
            out.append(Marker(m.group("num") + ".", s, m.end(), "num", ".", int(m.group("num"))))
        elif m.group("pnum") is not None:
            out.append(Marker(m.group(0), m.start(), m.end(), "num", "()", int(m.group("pnum"))))
        else:
            out.append(Marker(m.group("circ"), m.start(), m.end(), "circ", "circ", CIRCLED.index(m.group("circ")) + 1))
    return out


# ---------------------------------------------------------------------------------------------- brackets

_OPEN, _CLOSE = "([{", ")]}"


def open_brackets(text: str) -> int:
    """How many brackets opened in text are still open at its end (unmatched closers are ignored)."""
    stack = 0
    for ch in text:
        if ch in _OPEN:
            stack += 1
        elif ch in _CLOSE and stack:
            stack -= 1
    return stack


# ------------------------------------------------------------------------------------- normalized text

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^|~=&$%:;\"'/])")
_WRAP_HYPHEN = re.compile(r"(?<=[A-Za-z])-[ \t]*(?:\r\n|\r|\n)[ \t]*(?=[a-z])")
_LINEBREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n|\u2028|\u2029)[ \t\u00a0]*")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def unescape_markdown(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text)


def normalize_text(raw: str) -> str:
    """Join wrapped lines ("colony-\\nstimulating" -> "colony-stimulating"), collapse the whitespace of line
    breaks and runs of spaces, and remove markdown escapes."""
    text = _WRAP_HYPHEN.sub("-", raw)
    text = _LINEBREAK.sub(" ", text)
    text = _SPACES.sub(" ", text)
    return unescape_markdown(text).strip()


_OPEN, _CLOSE = "([{（［", ")]}）］"


def bracket_pairs(text: str) -> list[tuple[int, int]]:
    """Pure, one pass: the (open, close) offsets of the matched bracket pairs of a text; unmatched brackets are
    ignored."""
    stack: list[tuple[int, str]] = []
    pairs = []
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append((i, _CLOSE[_OPEN.index(ch)]))
        elif ch in _CLOSE:
            while stack and stack[-1][1] != ch:
                stack.pop()
            if stack:
                pairs.append((stack.pop()[0], i))
    return pairs
