"""Pure: where each node of a list block goes in the tree (the rules are listed in tree.py's docstring).

A `Placement` holds the nodes built so far and the open list levels (indentation, numbering schemes, a heading
that takes children); the line reader of tree.py asks it to place each new item, run-in item or plain node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..resources import SegmenterRules
from .lines import Line, Marker, runin_markers
from .sections import Block

_LABEL = re.compile(r"^[A-Z][\w /&().,'’-]{0,40}?:\s+\S")
HEADING_MAX = 80


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


class Placement:
    """The nodes of one block and the open list levels: where each new node goes (module docstring of tree.py),
    and the run-in markers and notes that split a line."""

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
        """Place a marked item: by indentation where the block has it, then by the rules of the module docstring,
        in their order."""
        kind = "note" if self.rules.note_prefix.match(first_line) else "item"
        if kind == "note" and self.item is not None and not self._opens_list(marker):
            return self._new(start, "note", marker, self.item)
        connector = self._connector_level()
        if connector is not None:  # the item after an "OR" line is the next alternative, whatever its indentation
            return self._put(connector, start, kind, marker, split)
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
        level = (self._continued_level(marker, same_indent)
                 or self._child_level(indent)
                 or self._heading_sibling_level(marker, indent, first_line, same_indent, use_indent))
        if level is None:
            self._close_patterned_list(marker, first_line)
            level = self._restart_or_open_level(marker, indent, same_indent)
        return self._put(level, start, kind, marker, split)

    def _connector_level(self) -> Level | None:
        """The level of the last item when that item is a connector line ("OR"), else None."""
        if self.item is None or not self.rules.connector.match(self.node_text(self.item)):
            return None
        return next((lv for lv in reversed(self.levels) if lv.node == self.item), None)

    def _continued_level(self, marker: Marker, same_indent: list[int]) -> Level | None:
        """1. A numbering that continues an open list returns to it, the deepest first."""
        for i in reversed(same_indent):
            if self._continues(self.levels[i], marker):
                self._pop_to(i)
                return self.levels[i]
        return None

    def _child_level(self, indent: int) -> Level | None:
        """2. After an item ending with ':', or after a bare sub-heading ("Hematology"), a child."""
        if self.ends_colon(self.item) and self.nodes[self.item].kind != "note":
            return self._push(indent, True)
        prev = self.nodes[self.item] if self.item is not None else None
        if prev is not None and prev.kind == "heading" and prev.marker is None and self.current == self.item:
            return self._push(indent, True)
        return None

    def _heading_sibling_level(self, marker: Marker, indent: int, first_line: str, same_indent: list[int],
                               use_indent: bool) -> Level | None:
        """3. A heading item is a sibling of an earlier heading item of the same scheme."""
        if not first_line.rstrip().endswith((":", "：")):
            return None
        levels = self.levels
        for i in reversed(same_indent):
            lv = levels[i]
            if lv.colon_parent and i > 0 and marker.scheme in levels[i - 1].last and (
                    not use_indent or abs(levels[i - 1].indent - indent) <= 1):
                self._pop_to(i - 1)
                return levels[i - 1]
        return None

    def _close_patterned_list(self, marker: Marker, first_line: str) -> None:
        """4. A list of "Label: text" items, or of items ending with ';', ends where its pattern breaks."""
        levels = self.levels
        top = levels[-1]
        if top.colon_parent and len(levels) > 1 and marker.scheme in top.last:
            if top.label_style and not _LABEL.match(first_line):
                levels.pop()
            elif self._semicolon_list_closed(top):
                levels.pop()

    def _restart_or_open_level(self, marker: Marker, indent: int, same_indent: list[int]) -> Level:
        """5. A restart or a new scheme nests; the same scheme (or bullet) as an open list returns to it."""
        levels = self.levels
        if marker.family != "bullet" and marker.is_start and self.item is not None:
            return self._push(indent, False)
        schemes = [marker.scheme]
        if marker.alt_value is not None:  # "i." read as the letter after "h."
            schemes.append(("ALPHA" if marker.family == "ROMAN" else "alpha", marker.style))
        for scheme in schemes:
            for i in reversed(same_indent):
                if i < len(levels) and scheme in levels[i].last:
                    self._pop_to(i)
                    return levels[i]
        if self.item is None:
            return levels[-1]
        return self._push(indent, False)

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

    def place_connector(self, start: int) -> int:
        """A connector line ("OR") between items: a sibling of the last item."""
        level = next((lv for lv in reversed(self.levels) if lv.node == self.item), None)
        if level is None:
            return self.place_plain_sibling(start)
        k = self._new(start, "item", None, level.parent)
        level.node = k
        level.items.append(k)
        return k

    def place_plain_sibling(self, start: int) -> int:
        if not self.levels:
            self._push(0, False)
        return self._put(self.levels[-1], start, "item", None)

    def place_plain(self, start: int, kind: str, line: Line, after_colon: bool, use_indent: bool) -> int:
        if kind == "note" and self.item is not None:
            return self._new(start, "note", None, self.item)
        level = self._connector_level()
        if level is not None:  # the alternative after an "OR" line, written without a marker: a sibling
            return self._put(level, start, kind, None)
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
        if self.levels and kind == "item" and not self.levels[0].colon_parent:
            # an unmarked paragraph between the items of a list is one more item of the outermost list: the
            # items after it stay its siblings
            del self.levels[1:]
            return self._put(self.levels[0], start, kind, None)
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
            if len(candidate) <= HEADING_MAX:
                return pos + m.end()
            break
        return None
