"""Pure: how the nodes of a criterion tree combine, so that a matcher can evaluate it.

- A line that holds only a connector ("OR", "- OR -", "AND", "and/or") between two items becomes a group node
  (kind `group`, its span the connector word) whose children are the items it joins: the sibling before it and
  the sibling after it, and on through a chain ("A / OR / B / OR / C": one group of three).
- Every node with children other than notes gets `logic`: `any` when one child is enough ("one of the
  following", "either", "any of the following", a heading of an exclusion list, an OR group), `all` when every
  child must hold; "at least two of the following" is `any` with `min_count` 2. A node *holds* when the patient
  matches what it describes, so an exclusion heading with its items is `any`: any one of them excludes.
The cue words are data (resources/segmenter.json: `logic_any`, `logic_all`, `connector`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..resources import SegmenterRules
from .tree import FlatNode

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def group_connectors(nodes: list[FlatNode], rules: SegmenterRules) -> list[FlatNode]:
    """Connector nodes become groups of the siblings they join (the list comes back in tree order: a group
    before its children)."""
    groups: dict[int, list[int]] = {}  # group node -> its members, in order
    member_of: dict[int, int] = {}
    chained: set[int] = set()  # later connectors of a chain: no node of their own
    for c, n in enumerate(nodes):
        if not rules.connector.match(n.text):
            continue
        siblings = [i for i, m in enumerate(nodes) if m.parent == n.parent and m.section == n.section and i != c]
        before = [i for i in siblings if i < c and i not in groups and i not in chained]
        after = [i for i in siblings if i > c and not rules.connector.match(nodes[i].text)]
        if not before or not after or after[0] in member_of:
            continue
        first, nxt = before[-1], after[0]
        if first in member_of:  # "A / OR / B / OR / C": the chain joins the group of A and B
            groups[member_of[first]].append(nxt)
            member_of[nxt] = member_of[first]
            chained.add(c)
        else:
            groups[c] = [first, nxt]
            member_of[first] = member_of[nxt] = c
    return _regroup(nodes, groups, chained) if groups else nodes


def _regroup(nodes: list[FlatNode], groups: dict[int, list[int]], chained: set[int]) -> list[FlatNode]:
    """The tree again, with each group where its first member stood and its members under it."""
    kids: dict[int | None, list[int]] = {}
    for i, n in enumerate(nodes):
        if i not in chained and i not in groups:
            kids.setdefault(n.parent, []).append(i)
    for g, members in groups.items():
        siblings = kids[nodes[g].parent]
        at = siblings.index(members[0])
        for m in members:
            siblings.remove(m)
        siblings.insert(at, g)
        kids[g] = members
    out: list[FlatNode] = []

    def visit(i: int, parent: int | None, depth: int) -> None:
        grouped = i in groups
        out.append(replace(nodes[i], parent=parent, depth=depth, kind="group" if grouped else nodes[i].kind,
                           marker=None if grouped else nodes[i].marker))
        me = len(out) - 1
        for c in kids.get(i, []):
            visit(c, me, depth + 1)

    for top in kids.get(None, []):
        visit(top, None, 0)
    return out


_CHILD_OR = re.compile(r"[,;]?\s*\bor\s*$", re.I)


def node_logic(node: FlatNode, children: list[FlatNode], rules: SegmenterRules) -> tuple[str, int | None]:
    """(logic, min_count) of a node that has children: its own words first ("at least two of", "all of the
    following", "one of the following"), then children that end with "or", then its section (an exclusion
    heading holds when any of its items does)."""
    if node.kind == "group":
        return ("all" if re.match(r"\W*and\b", node.text, re.I) else "any"), None
    m = rules.logic_min.search(node.text)
    if m:
        return "any", _NUMBERS.get(m.group("n").lower())
    if rules.logic_all.search(node.text):
        return "all", None
    if rules.logic_any.search(node.text) or any(_CHILD_OR.search(c.text) for c in children[:-1]):
        return "any", None
    return ("any" if node.section == "exclusion" else "all"), None


def add_logic(nodes: list[FlatNode], rules: SegmenterRules) -> list[tuple[str | None, int | None]]:
    """(logic, min_count) of every node: None for nodes with no children other than notes."""
    kids: dict[int, list[FlatNode]] = {}
    for n in nodes:
        if n.parent is not None and n.kind != "note":
            kids.setdefault(n.parent, []).append(n)
    return [node_logic(n, kids[i], rules) if i in kids else (None, None) for i, n in enumerate(nodes)]
