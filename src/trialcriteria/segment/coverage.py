"""Pure: the eligibility text that nothing holds. Every character of the eligibility text ends up in a criterion,
in a section header (with its introduction), in a list marker, or in an `unread_text` warning with its offsets:
no text is dropped silently."""

from __future__ import annotations

import re

# what may stand between nodes without being read: blank space, bullets, list markers, stray punctuation
# (atomic items, possessive star: the pieces overlap ("1.1." is one marker or two), and a backtracking star
# tried every way of cutting a long run that fails at its end, exponential in its length)
# (a marker may be markdown-escaped, as registry exports write it: "1\." for "1.")
_MARKERS = re.compile(r"(?>\s|[-*•·‣◦▪■●○➢►–—_=~#|+:;,.]|\\|\(?\d{1,3}(?:\.\d{1,2})?\\?[.)]|\(\d{1,3}\)|"
                      r"\(?[a-zA-Z]\\?[.)]|\([a-zA-Z]\)|\(?[ivxIVX]{1,5}\\?[.)]|[①-⑳])*+")
# the marker of the next item that an uncovered run ends with ("... Page 3 of 10\n-")
_TRAILING_MARKER = re.compile(r"\n[ \t]*+(?:[-*•·‣◦▪■●○➢►–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])?[ \t]*+$")


def unread_spans(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None,
                 structural: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """The runs of text[start:end] that no span covers and that hold more than whitespace and list markers (or
    a `structural` word such as the later connectors of an "A / OR / B / OR / C" chain), trimmed of surrounding
    whitespace."""
    end = len(text) if end is None else end
    covered = bytearray(end - start)
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e > s:
            covered[s - start : e - start] = b"\x01" * (e - s)
    out, i = [], start
    while i < end:
        if covered[i - start]:
            i += 1
            continue
        j = i
        while j < end and not covered[j - start]:
            j += 1
        run = text[i:j]
        body = _TRAILING_MARKER.sub("", run.rstrip())
        if _MARKERS.fullmatch(run) is None and not (structural and structural.match(body.strip())):
            a = i + len(body) - len(body.lstrip())
            out.append((a, i + len(body.rstrip())))
        i = j
    return out
