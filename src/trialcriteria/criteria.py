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

import re
from dataclasses import dataclass, field

from .lines import Line, Marker, match_line_marker, normalize_text, open_brackets, runin_markers, split_lines
from .prose import sentence_section, split_clauses, split_sentences
from .resources import SegmenterRules, segmenter_rules
from .sections import Block

_LABEL = re.compile(r"^[A-Z][\w /&().,'’-]{0,40}?:\s+\S")
_HEADING_MAX = 80


@dataclass
class Node:
    start: int
    end: int
    section: str
    kind: str = "item"
    marker: Marker | None = None
    parent: int | None = None
    depth: int = 0
    segments: list[tuple[int, int]] = field(default_factory=list)
    split_marker: bool = False  # the marker stood alone on the line before

    def add(self, start: int, end: int, text: str) -> None:
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            if not self.segments:
                self.start = start
            self.segments.append((start, end))
            self.end = end


@dataclass
class Level:
    indent: int
    parent: int | None  # node index the items of this level hang from
    last: dict = field(default_factory=dict)  # scheme -> last value
    node: int | None = None  # last node placed at this level
    colon_parent: bool = False
    label_style: bool | None = None
    items: list[int] = field(default_factory=list)


def _bullet_only(line: Line) -> bool:
    body = line.body
    return bool(body) and len(body) <= 5 and all(ch in "-*•·‣◦▪■●○–— " for ch in body)


class _TreeBuilder:
    def __init__(self, text: str, block: Block, rules: SegmenterRules):
        self.text = text
        self.block = block
        self.rules = rules
        self.nodes: list[Node] = []
        self.levels: list[Level] = []
        self.current: int | None = None  # node that text is being added to
        self.item: int | None = None  # last node that is not a note

    # ----------------------------------------------------------------------------------------- helpers

    def node_text(self, k: int) -> str:
        return self.text[self.nodes[k].start : self.nodes[k].end]

    def ends_colon(self, k: int | None) -> bool:
        return k is not None and self.node_text(k).rstrip().endswith((":", "："))

    def _new(self, start: int, kind: str, marker: Marker | None, parent: int | None, split: bool = False) -> int:
        depth = 0 if parent is None else self.nodes[parent].depth + 1
        self.nodes.append(Node(start, start, self.block.section, kind, marker, parent, depth, split_marker=split))
        k = len(self.nodes) - 1
        self.current = k
        if kind != "note":
            self.item = k
        return k

    def _pop_to(self, i: int) -> None:
        del self.levels[i + 1 :]

    def _push(self, indent: int, colon: bool) -> Level:
        parent = self.item
        level = Level(indent, parent, colon_parent=colon)
        self.levels.append(level)
        return level

    def _put(self, level: Level, start: int, kind: str, marker: Marker | None, split: bool = False) -> int:
        k = self._new(start, kind, marker, level.parent, split)
        level.node = k
        level.items.append(k)
        if level.colon_parent and len(level.items) == 1:
            eol = self.text.find("\n", start)
            level.label_style = bool(_LABEL.match(self.text[start : eol if eol >= 0 else len(self.text)]))
        if marker is not None and marker.value is not None:
            level.last[marker.scheme] = marker.value
        elif marker is not None:
            level.last[marker.scheme] = None
        else:
            level.last[("plain", "heading" if kind == "heading" else "")] = None
        return k

    @staticmethod
    def _continues(level: Level, marker: Marker) -> bool:
        if marker.family == "bullet":
            return False
        last = level.last.get(marker.scheme)
        if last is not None and marker.value == last + 1:
            return True
        if marker.alt_value is not None:  # "i." read as the letter after "h."
            fam = "ALPHA" if marker.family == "ROMAN" else "alpha"
            last = level.last.get((fam, marker.style))
            return last is not None and marker.alt_value == last + 1
        return False

    # -------------------------------------------------------------------------------- placing an item

    def place_item(self, marker: Marker, start: int, indent: int, first_line: str, use_indent: bool,
                   split: bool) -> int:
        kind = "note" if self.rules.note_prefix.match(first_line) else "item"
        if kind == "note" and self.item is not None and not self._opens_list(marker):
            k = self._new(start, "note", marker, self.item)
            return k
        levels = self.levels
        if use_indent and levels:
            while len(levels) > 1 and levels[-1].indent > indent + 1:
                levels.pop()
            if indent > levels[-1].indent + 1 and self.item is not None:
                return self._put(self._push(indent, self.ends_colon(self.item)), start, kind, marker, split)
            if levels[-1].indent > indent + 1:  # shallower than every open level
                levels.clear()
        if not levels:
            return self._put(self._push(indent, False), start, kind, marker, split)

        same_indent = [i for i, lv in enumerate(levels) if not use_indent or abs(lv.indent - indent) <= 1]
        # 1. a numbering that continues an open list
        for i in reversed(same_indent):
            if self._continues(levels[i], marker):
                self._pop_to(i)
                return self._put(levels[i], start, kind, marker, split)
        # 2. after an item ending with ':', its child
        if self.ends_colon(self.item) and self.nodes[self.item].kind != "note":
            return self._put(self._push(indent, True), start, kind, marker, split)
        # 2b. after a bare sub-heading ("Hematology"), its child
        prev = self.nodes[self.item] if self.item is not None else None
        if prev is not None and prev.kind == "heading" and prev.marker is None and self.current == self.item:
            return self._put(self._push(indent, True), start, kind, marker, split)
        # 3. a heading item is a sibling of an earlier heading item of the same scheme
        if first_line.rstrip().endswith((":", "：")):
            for i in reversed(same_indent):
                lv = levels[i]
                if lv.colon_parent and i > 0 and marker.scheme in levels[i - 1].last and (
                        not use_indent or abs(levels[i - 1].indent - indent) <= 1):
                    self._pop_to(i - 1)
                    return self._put(levels[i - 1], start, kind, marker, split)
        # 4. a "Label: text" or "...;" list ends where its pattern breaks
        top = levels[-1]
        if top.colon_parent and len(levels) > 1 and marker.scheme in top.last:
            if top.label_style and not _LABEL.match(first_line):
                levels.pop()
            elif self._semicolon_list_closed(top):
                levels.pop()
        # 5. restart or new scheme: nest; same scheme as an open list: return to it
        if marker.family != "bullet" and marker.is_start and self.item is not None:
            return self._put(self._push(indent, False), start, kind, marker, split)
        for i in reversed(same_indent):
            if i < len(levels) and marker.scheme in levels[i].last:
                self._pop_to(i)
                return self._put(levels[i], start, kind, marker, split)
        if marker.alt_value is not None:
            fam = "ALPHA" if marker.family == "ROMAN" else "alpha"
            for i in reversed(same_indent):
                if i < len(levels) and (fam, marker.style) in levels[i].last:
                    self._pop_to(i)
                    return self._put(levels[i], start, kind, marker, split)
        if self.item is None:
            return self._put(levels[-1], start, kind, marker, split)
        return self._put(self._push(indent, False), start, kind, marker, split)

    def _opens_list(self, marker: Marker) -> bool:
        return marker.family != "bullet" and marker.value is not None and any(
            self._continues(lv, marker) for lv in self.levels
        )

    def _semicolon_list_closed(self, level: Level) -> bool:
        if len(level.items) < 2:
            return False
        ends = [self.node_text(k).rstrip().endswith((";", "；")) for k in level.items]
        return all(ends[:-1]) and not ends[-1]

    def place_runin(self, marker: Marker, start: int) -> int:
        for i in range(len(self.levels) - 1, -1, -1):
            if self._continues(self.levels[i], marker):
                self._pop_to(i)
                return self._put(self.levels[i], start, "item", marker)
        if not self.levels:
            self._push(0, False)
        return self._put(self.levels[-1], start, "item", marker)

    def place_plain(self, start: int, kind: str, line: Line, after_colon: bool, use_indent: bool) -> int:
        if kind == "note" and self.item is not None:
            return self._new(start, "note", None, self.item)
        if after_colon and self.item is not None:
            return self._put(self._push(line.indent, True), start, kind, None)
        if use_indent:
            while self.levels and self.levels[-1].indent > line.indent + 1:
                self.levels.pop()
        if kind == "heading":
            for i in range(len(self.levels) - 1, -1, -1):
                if ("plain", "heading") in self.levels[i].last:
                    self._pop_to(i)
                    return self._put(self.levels[i], start, kind, None)
        for i in range(len(self.levels) - 1, -1, -1):
            if any(s[0] == "plain" for s in self.levels[i].last):
                self._pop_to(i)
                return self._put(self.levels[i], start, kind, None)
        if use_indent and self.levels and line.indent > self.levels[-1].indent + 1 and self.item is not None:
            return self._put(self._push(line.indent, False), start, kind, None)
        self.levels.clear()
        return self._put(self._push(line.indent, False), start, kind, None)

    # ------------------------------------------------------------------------------------ in-line splits

    def scan_line(self, line_start: int, content: int, end: int) -> None:
        """Add text[content:end] to the current node, splitting at run-in markers, notes and run-in headings."""
        text = self.text
        noise = self.rules.page_noise.search(text, content, end)
        if noise is not None and noise.start() > content:
            end = noise.start()  # "... content). Protocol Number: MV-204 v5.0 Page 8 of 52"
        cuts: list[tuple[int, str, Marker | None]] = []
        for m in runin_markers(text, content, end):
            cuts.append((m.start, "marker", m))
        for m in self.rules.note_prefix.finditer(text, content, end):
            before = text[content : m.start()].rstrip()
            if before and before[-1] in ".!?)]" and (m.start() == 0 or not text[m.start() - 1].isalnum()):
                cuts.append((m.start(), "note", None))
        cuts.sort(key=lambda c: c[0])
        pos = content
        for at, what, marker in cuts:
            if at < pos:
                continue
            if what == "marker":
                if marker.family != "circ" and not any(self._continues(lv, marker) for lv in self.levels):
                    continue
                head = self._runin_heading(pos, at)
                if head is not None:
                    self.nodes[self.current].add(pos, head, text)
                    self._put(self.levels[-1] if self.levels else self._push(0, False), head, "heading", None)
                    self.nodes[self.current].add(head, at, text)
                else:
                    self.nodes[self.current].add(pos, at, text)
                self.place_runin(marker, marker.end)
                pos = marker.end
            else:
                self.nodes[self.current].add(pos, at, text)
                self._new(at, "note", None, self.item)
                pos = at
        self.nodes[self.current].add(pos, end, text)

    def _runin_heading(self, pos: int, at: int) -> int | None:
        """Start of a sentence ending with ':' right before a run-in marker ("... dose. Severe ocular
        conditions including: (16)Dry eye")."""
        seg = self.text[pos:at].rstrip()
        if not seg.endswith((":", "：")):
            return None
        for m in reversed(list(re.finditer(r"[.!?]\s+(?=[A-Z])", seg))):
            candidate = seg[m.end() :]
            if len(candidate) <= _HEADING_MAX:
                return pos + m.end()
            break
        return None

    # ------------------------------------------------------------------------------------------- lines

    def build(self) -> list[Node]:
        text, block = self.text, self.block
        lines = split_lines(text, block.start, block.end)
        body_lines = [ln for ln in lines if not ln.blank and not self.rules.page_noise.match(ln.body)]
        markers = {id(ln): match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start) for ln in body_lines}
        wrap = _is_wrapped(body_lines)
        indents = {ln.indent for ln in body_lines if markers[id(ln)] is not None and not _bullet_only(ln)}
        indents |= {ln.indent for ln in body_lines if _bullet_only(ln)}
        use_indent = len(indents) > 1 and max(indents) - min(indents) >= 2

        pending: tuple[Marker, Line] | None = None
        content_col = 0  # column where the current item's text starts on its marker line
        blank_before = False
        prev: Line | None = None
        for ln in lines:
            if ln.blank:
                blank_before = True
                continue
            if self.rules.page_noise.match(ln.body):
                continue
            if _bullet_only(ln):
                marker = match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start)
                pending = (marker, ln) if marker is not None else None
                prev = ln
                continue
            marker = markers[id(ln)]
            if marker is not None and marker.family == "bullet" and prev is not None and not pending \
                    and open_brackets(prev.text) > 0 and self.current is not None:
                marker = None  # "Males: (140" / "- - age) x weight": a minus sign, not a bullet
            body_pos = ln.body_start
            split = False
            indent = ln.indent
            if marker is None and pending is not None:
                marker, split, indent = pending[0], True, pending[1].indent
            if marker is not None:
                content = marker.end if not split else body_pos
                while content < ln.end and text[content] in " \t":
                    content += 1
                self.place_item(marker, content, indent, text[content : ln.end], use_indent, split)
                content_col = content - ln.start if not split else 0
                self.scan_line(ln.start, content, ln.end)
            else:
                body = ln.body
                note = bool(self.rules.note_prefix.match(body))
                after_colon = self.current is not None and self.nodes[self.current].kind != "note" and \
                    prev is not None and prev.body.endswith((":", "："))
                heading = self._is_heading(ln, prev, lines)
                hanging = (not blank_before and content_col > 0 and ln.indent >= content_col - 1)
                if self.current is None:
                    new = True
                elif note:
                    new = True
                elif hanging:  # continuation lines indented to the item's text (legacy XML: column 13)
                    new = False
                elif wrap:
                    new = blank_before or (heading and prev is not None and prev.body[-1:] in ".;:")
                else:  # one criterion per line
                    new = blank_before or prev is None or not _soft_wrap(prev.body, body)
                if new:
                    kind = "note" if note else ("heading" if heading else "item")
                    self.place_plain(body_pos, kind, ln, after_colon and not wrap, use_indent)
                    content_col = 0
                self.scan_line(ln.start, body_pos, ln.end)
            pending = None
            blank_before = False
            prev = ln
        return self.nodes

    def _is_heading(self, ln: Line, prev: Line | None, lines: list[Line]) -> bool:
        body = ln.body
        if len(body) > _HEADING_MAX or not body[:1].isupper():
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
                for a, b in split_clauses(text, s, e):
                    out.append(FlatNode(a, b, section, "sentence", None, None, 0, normalize_text(text[a:b])))
            continue
        nodes = _TreeBuilder(text, block, rules).build()
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
