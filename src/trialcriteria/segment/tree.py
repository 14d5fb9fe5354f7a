"""Pure: the blocks of an eligibility text -> a criterion tree with offsets into that text.

A list block is read line by line. A line starts a new node when it has a list marker (`1.` `1)` `(1)` `a.`
`i.` `①` `-` `*` `•` `·`, or a marker alone on the line before it), when it starts with `Note:` /
`Exception:`, or when it is unmarked but cannot continue the node before it (it follows a line ending with `:`,
it is a short heading, it follows a blank line, or every item of the block is a line of its own). Otherwise it
continues the node before it: hard-wrapped text, or a line that continues an open bracket (`Males: (140` /
`- - age) x weight`). Inside a line, a marker that continues a numbering (`... entry. 3. Recovery`, `(10)Other`,
`③Hemoglobin`) or a `Note:` after a sentence starts a new node.

Where a node goes in the tree:
- indentation first, where the block's markers sit at different columns (API v2 markdown, legacy XML);
- a marker that continues the numbering of an open list (`6.` after `5.`) returns to that list, the deepest first;
- after an item ending with `:`, the next item is its child;
- an item ending with `:` whose scheme is that of an earlier heading item becomes that heading's sibling;
- a list of "Label: text" items, or of items ending with `;`, ends with the first item that breaks the pattern;
- a marker that restarts a numbering (`1.` after `5.`) or opens a new scheme (`a.` under `7.`) nests;
- the same bullet or scheme as an open list returns to it.
Notes are children of the nearest node before them that is not a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..resources import SegmenterRules, segmenter_rules
from .lines import Line, Marker, match_line_marker, normalize_text, open_brackets, split_lines
from .pdq import logical_lines
from .placement import HEADING_MAX, Node, Placement
from .prose import sentence_section, split_clauses, split_list_sentence, split_sentences
from .sections import Block


def _bullet_only(line: Line) -> bool:
    body = line.body
    return bool(body) and len(body) <= 5 and all(ch in "-*•·‣◦▪■●○–— " for ch in body)


class _LineReader(Placement):
    """Reads a list block line by line and places its nodes."""

    def build(self) -> list[Node]:
        """Read the block line by line: blank lines and page furniture are skipped, a bullet alone on its line
        waits for the next line, a marked line places an item, an unmarked line starts a node or continues one."""
        self._read_layout()
        self.pending: tuple[Marker, Line] | None = None
        self.content_col = 0  # column where the current item's text starts on its marker line
        self.blank_before = False
        self.prev: Line | None = None
        for ln in self.lines:
            if ln.blank:
                self.blank_before = True
                continue
            if self.rules.page_noise.match(ln.body):
                continue
            if _bullet_only(ln):
                marker = match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start)
                self.pending = (marker, ln) if marker is not None else None
                self.prev = ln
                continue
            marker = self.markers[id(ln)]
            if marker is not None and marker.family == "bullet" and self.prev is not None and not self.pending \
                    and open_brackets(self.prev.text) > 0 and self.current is not None:
                marker = None  # "Males: (140" / "- - age) x weight": a minus sign, not a bullet
            if marker is not None or self.pending is not None:
                self._marked_line(ln, marker)
            else:
                self._plain_line(ln)
            self.pending = None
            self.blank_before = False
            self.prev = ln
        return self.nodes

    def _read_layout(self) -> None:
        """The block's lines, their markers, whether it is hard-wrapped, and whether indentation nests it."""
        pdq = self.block.mode == "pdq"
        self.lines = (logical_lines(self.text, self.block.start, self.block.end, self.rules) if pdq
                      else split_lines(self.text, self.block.start, self.block.end))
        body_lines = [ln for ln in self.lines if not ln.blank and not self.rules.page_noise.match(ln.body)]
        self.markers = {id(ln): match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start)
                        for ln in body_lines}
        self.wrap = not pdq and _is_wrapped(body_lines)
        indents = {ln.indent for ln in body_lines if self.markers[id(ln)] is not None and not _bullet_only(ln)}
        indents |= {ln.indent for ln in body_lines if _bullet_only(ln)}
        self.use_indent = len(indents) > 1 and max(indents) - min(indents) >= 2

    def _marked_line(self, ln: Line, marker: Marker | None) -> None:
        """A line with a marker of its own, or the line after a bullet that stood alone."""
        split, indent = False, ln.indent
        if marker is None:
            marker, split, indent = self.pending[0], True, self.pending[1].indent
        content = marker.end if not split else ln.body_start
        while content < ln.end and self.text[content] in " \t":
            content += 1
        self.place_item(marker, content, indent, self.text[content : ln.end], self.use_indent, split)
        self.content_col = content - ln.start if not split else 0
        self.scan_line(ln.start, content, ln.end)

    def _plain_line(self, ln: Line) -> None:
        """An unmarked line: it starts a node (a note, a heading, an item) or continues the current one; a line
        that holds only a connector ("OR") is a sibling of the item before it (segment/logic.py groups them)."""
        body, prev = ln.body, self.prev
        if self.item is not None and self.rules.connector.match(body):
            self.place_connector(ln.body_start)
            self.scan_line(ln.start, ln.body_start, ln.end)
            return
        note = bool(self.rules.note_prefix.match(body))
        after_colon = self.current is not None and self.nodes[self.current].kind != "note" and \
            prev is not None and prev.body.endswith((":", "："))
        heading = self._is_heading(ln, prev, self.lines)
        hanging = (not self.blank_before and self.content_col > 0 and ln.indent >= self.content_col - 1)
        if self.current is None or note:
            new = True
        elif hanging:  # continuation lines indented to the item's text (legacy XML: column 13)
            new = False
        elif self.wrap:
            new = self.blank_before or (heading and prev is not None and prev.body[-1:] in ".;:")
        else:  # one criterion per line
            new = self.blank_before or prev is None or not _soft_wrap(prev.body, body)
        if new:
            kind = "note" if note else ("heading" if heading else "item")
            self.place_plain(ln.body_start, kind, ln, after_colon and not self.wrap, self.use_indent)
            self.content_col = 0
        self.scan_line(ln.start, ln.body_start, ln.end)

    def _is_heading(self, ln: Line, prev: Line | None, lines: list[Line]) -> bool:
        body = ln.body
        if len(body) > HEADING_MAX or not body[:1].isupper() or self.rules.connector.match(body):
            return False
        if body.endswith((":", "：")):
            return True
        if body[-1:] in ".;,!?)" or open_brackets(body):
            return False
        # a bare sub-heading: the next non-blank line is a marked item
        idx = lines.index(ln)
        for nxt in lines[idx + 1 :]:
            if nxt.blank:
                continue
            return match_line_marker(nxt.text, len(nxt.text) - len(nxt.text.lstrip()), nxt.start) is not None \
                and len(body.split()) <= 6
        return False


def _is_wrapped(lines: list[Line]) -> bool:
    """Hard-wrapped text (protocols, legacy XML): the right margin is about the 75th percentile of the widths
    of lines of at most 110 columns (at least 80% of the lines fit in that), and most lines followed by an unmarked line are full (the next
    line's first word would not have fitted) and often carried on in lower case. A list of one criterion per
    line has lines of any length followed by lines that start a new sentence."""
    fitting = [len(ln.text.rstrip()) for ln in lines if len(ln.text.rstrip()) <= 110]
    if len(lines) < 4 or len(fitting) < 0.8 * len(lines):
        return False
    margin = sorted(fitting)[int(0.75 * (len(fitting) - 1))]  # robust to a few long run-in lines
    if margin < 50:
        return False
    pairs = full = carried = 0
    for a, b in zip(lines, lines[1:]):
        if match_line_marker(b.text, len(b.text) - len(b.text.lstrip()), b.start) is not None:
            continue
        pairs += 1
        first_word = b.body.split()[0] if b.body else ""
        if len(a.text.rstrip()) + 1 + len(first_word) > margin:
            full += 1
            carried += not b.body[:1].isupper()
    return pairs >= 3 and full >= 0.6 * pairs and carried >= 0.4 * full


def _soft_wrap(prev: str, body: str) -> bool:
    """In a list of one criterion per line, a line that obviously continues the one before: a word cut by a
    hyphen ("colony-" / "stimulating")."""
    return len(prev) > 1 and prev[-1] == "-" and prev[-2].isalpha() and body[:1].islower()


# ------------------------------------------------------------------------------------------ entry point


@dataclass
class FlatNode:
    """A node of the finished tree, before ids: plain data for the schema."""

    start: int
    end: int
    section: str
    kind: str
    marker: str | None
    parent: int | None
    depth: int
    text: str


def build_tree(text: str, blocks: list[Block], rules: SegmenterRules | None = None) -> list[FlatNode]:
    """All nodes of all blocks, in document order, with parent indices into the returned list."""
    rules = rules or segmenter_rules()
    out: list[FlatNode] = []
    for block in blocks:
        if block.mode == "prose":
            previous = block.section
            for s, e in split_sentences(text, block.start, block.end, rules):
                if rules.prose_skip.search(text[s:e]):
                    continue
                section = sentence_section(text[s:e], rules, previous)
                previous = section
                listed = split_list_sentence(text, s, e, rules)
                if listed is not None:  # "Key exclusion criteria included A, B and C": the opener holds the list
                    (a, b), items = listed
                    out.append(FlatNode(a, b, section, "sentence", None, None, 0, normalize_text(text[a:b])))
                    parent = len(out) - 1
                    out += [FlatNode(x, y, section, "item", None, parent, 1, normalize_text(text[x:y])) for x, y in items]
                    continue
                for a, b in split_clauses(text, s, e):
                    out.append(FlatNode(a, b, section, "sentence", None, None, 0, normalize_text(text[a:b])))
            continue
        nodes = _LineReader(text, block, rules).build()
        kept: dict[int, int] = {}
        for i, n in enumerate(nodes):
            if not n.segments:
                continue
            parent = n.parent
            while parent is not None and parent not in kept:  # an empty node's children go to its parent
                parent = nodes[parent].parent
            kept[i] = len(out)
            mapped = kept[parent] if parent is not None else None
            depth = 0 if mapped is None else out[mapped].depth + 1
            raw_text = "\n".join(text[a:b] for a, b in n.segments)
            marker = n.marker.text.replace("\\", "") if n.marker is not None else None
            out.append(FlatNode(n.start, n.end, n.section, n.kind, marker, mapped, depth, normalize_text(raw_text)))
    return out


_PREFIX = {"inclusion": "inc", "exclusion": "exc", "unspecified": "unsp"}


def assign_ids(nodes: list[FlatNode]) -> list[str]:
    """Stable ids: section prefix and 1-based sibling path (`inc-5.2`); top-level numbering runs on across
    blocks of the same section. Children take their parent's section prefix."""
    ids: list[str] = []
    top_count: dict[str, int] = {}
    child_count: dict[int, int] = {}
    for n in nodes:
        if n.parent is None:
            prefix = _PREFIX[n.section]
            top_count[prefix] = top_count.get(prefix, 0) + 1
            ids.append(f"{prefix}-{top_count[prefix]}")
        else:
            child_count[n.parent] = child_count.get(n.parent, 0) + 1
            ids.append(f"{ids[n.parent]}.{child_count[n.parent]}")
    return ids
