"""medspaCy ConText with rules written for eligibility criteria (resources/context_rules.json), over the span
group `targets`: what each target's modifiers assert (the category with the highest priority) and the cue, as
plain data on doc._.contexts: {(kind, criterion, item): (assertion, cue start, cue end)}. What an assertion
means for a matcher (polarity) is decided with the criterion's section by `assemble`.

ConText runs over bounded windows, so that its time grows linearly with the text: a modifier's scope never
leaves its sentence (criteria and their sentences are the sentences, see criteria_sentences.py), so it runs
sentence by sentence, with the same result as over the whole doc; a sentence of more than WINDOW_TOKENS tokens
is cut into windows of WINDOW_TOKENS tokens, scopes stop at a window's end, and the cut sentences are listed in
doc.user_data["context_windows"] (character offsets) for a warning."""

from bisect import bisect_left, bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import context_pattern, context_rules
from ..segment.lines import bracket_pairs
from .criterion_facts import TARGETS

WINDOW_TOKENS = 256  # real criteria sentences stay far below (the longest seen: about 300 words per criterion)

if not Doc.has_extension("contexts"):
    Doc.set_extension("contexts", default=None)


def medspacy_rules():
    from medspacy.context import ConTextRule

    return [ConTextRule(r.literal, r.category, direction=r.direction, max_scope=r.max_scope, pattern=r.pattern,
                        terminated_by=r.terminated_by or None)
            for r in context_rules().context_rules]


def assertion(categories: list[tuple[str, int, int]], kind: str | None = None) -> tuple[str, int | None, int | None]:
    """Pure: (category, cue start, cue end) of a target's modifiers, in order -> (assertion, cue start, cue end):
    the first cue of each assertion counts, and the assertion of highest priority wins. Categories kept for some
    kinds of records (`category_kinds`) count for those only."""
    rules = context_rules()
    found: dict[str, tuple[int, int]] = {}
    for category, start, end in categories:
        if category in rules.category_kinds and kind not in rules.category_kinds[category]:
            continue
        name = rules.assertions.get(category)
        if name and name not in found:
            found[name] = (start, end)
    best = next((a for a in rules.priority if a in found), None)
    return (best, *found[best]) if best else ("affirmed", None, None)


def permission_negated(mods: list[tuple[str, int, int]], text: str, record: tuple[int, int]) -> list[tuple[str, int, int]]:
    """Pure: a target's modifiers, read for permission cues ("is allowed") after the record. After a negation cue
    before the record, in one clause, a permission is a prohibition: "No G-CSF is allowed within 2 weeks" makes
    G-CSF ineligible (the negation and the permission become one INELIGIBLE cue, in either section). Across a
    scope break ("No chemotherapy; hormonal therapy is allowed") a permission cue does not reach the record."""
    permission, clause_break = context_pattern("negated_permission"), context_pattern("clause_break")
    scope_break = context_pattern("permission_scope_break")
    out = list(mods)
    for m in mods:
        if m[0] != "EXCEPTION" or m[1] < record[1] or permission.match(text[m[1]:m[2]]) is None:
            continue
        out.remove(m)
        if scope_break.search(text[record[1]:m[1]]):
            continue
        n = next((n for n in mods if n[0] == "NEGATED_EXISTENCE" and n[2] <= record[0] and n in out
                  and clause_break.search(text[n[2]:m[1]]) is None), None)
        if n is None:
            out.append(m)
        else:
            out.remove(n)
            out.append(("INELIGIBLE", n[1], m[2]))
    return out


def bracketed_away(pairs: list[tuple[int, int]], cue: tuple[int, int], target: tuple[int, int]) -> bool:
    """Pure: whether a cue written inside brackets that do not also hold the target ("Hemoglobin at least 8 g/dL
    (transfusion allowed)") is bracketed away from it: a bracketed cue speaks of the bracket's content only."""
    inner = [p for p in pairs if p[0] < cue[0] and cue[1] <= p[1]]
    if not inner:
        return False
    o, c = max(inner)  # the innermost pair around the cue
    return not (o < target[0] and target[1] <= c)


def own_cues_removed(mods: list[tuple[str, int, int]], record: tuple[int, int], kind: str) -> list[tuple[str, int, int]]:
    """Pure: a target's modifiers without those nested in a longer cue ("allowed" inside "not allowed") and, for a
    time window or a biomarker, without the record's own words (`record`: its offsets; "No more than 6 weeks since
    prior surgery": its comparator and its "since"; "negative for HER2", "absence of CD23": the biomarker's
    result)."""
    out = [m for m in mods if not any(o is not m and o[1] <= m[1] and m[2] <= o[2] and (o[2] - o[1]) > (m[2] - m[1])
                                      for o in mods)]
    if kind in ("time_windows", "biomarkers"):
        out = [m for m in out if not (record[0] <= m[1] and m[2] <= record[1])]
    return out


def windows(sentence_starts: list[int], n_tokens: int, size: int = WINDOW_TOKENS) -> tuple[list[int], list[int]]:
    """Pure: the windows' first tokens (sentence starts, plus a cut every `size` tokens inside longer sentences)
    and the indices of the sentences that were cut."""
    bounds = [*sentence_starts, n_tokens]
    starts, cut = [], []
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        starts.extend(range(a, b, size))
        if b - a > size:
            cut.append(k)
    return starts, cut


def scope(direction: str, start: int, end: int, window: tuple[int, int], max_scope: int | None) -> tuple[int, int]:
    """Pure: a modifier's scope in its window, as medspaCy's ConTextModifier sets it in its sentence."""
    w_start, w_end = window
    if direction == "forward":
        a, b = end, w_end
        return (a, end + max_scope) if max_scope is not None and b - a > max_scope else (a, b)
    if direction == "backward":
        a, b = w_start, start
        return (start - max_scope, b) if max_scope is not None and b - a > max_scope else (a, b)
    a, b = w_start, w_end
    if max_scope is not None and start - a > max_scope:
        a = start - max_scope
    if max_scope is not None and b - end > max_scope:
        b = end + max_scope
    return a, b


def update_scopes(modifiers: list) -> None:
    """medspaCy's ConTextGraph.update_scopes (each pair, in order, limits the other's scope both ways), calling
    limit_scope only for the pairs where it can change a scope: the other modifier must start inside a forward
    scope or end inside a backward one. Scopes only shrink, so every skipped call would have changed nothing."""
    fwd = [m.direction.lower() in ("forward", "bidirectional") for m in modifiers]
    bwd = [m.direction.lower() in ("backward", "bidirectional") for m in modifiers]

    def may_limit(a: int, b: int) -> bool:  # can modifiers[b] limit the scope of modifiers[a]?
        self, other = modifiers[a], modifiers[b]
        return ((fwd[a] and self._start < other._start < self._scope_end)
                or (bwd[a] and self._scope_start < other._end < self._end))

    for i in range(len(modifiers) - 1):
        m1 = modifiers[i]
        for j in range(i + 1, len(modifiers)):
            if may_limit(i, j):
                m1.limit_scope(modifiers[j])
            if may_limit(j, i):
                modifiers[j].limit_scope(m1)


def apply_modifiers(targets: list, modifiers: list) -> list[tuple]:
    """medspaCy's ConTextGraph.apply_modifiers (no pruning on overlap) -> its edges (target, modifier), in its
    order; each modifier is checked against the targets near its scope only (found by bisection on the targets'
    starts), not against every target of the window: the same edges, without the quadratic pass."""
    order = sorted(range(len(targets)), key=lambda i: targets[i].start)
    starts = [targets[i].start for i in order]
    longest = max((t.end - t.start for t in targets), default=0)
    edges = []
    for m in modifiers:
        a, b = m.scope_span  # a target overlaps the scope when it starts in it or ends in it (medspaCy's test)
        near = sorted(order[bisect_left(starts, a - longest) : bisect_right(starts, b)])
        for i in near:
            if m.modifies(targets[i]):
                m.modify(targets[i])
        m.reduce_targets()
        edges.extend((t, m) for t in m._targets)
    return edges


class BracketIndex:
    """The matched bracket pairs of a text (properly nested, from segment.lines.bracket_pairs), to find the
    innermost pair around a span in logarithmic time: `bracketed_away` looks at every pair, for every cue."""

    def __init__(self, pairs: list[tuple[int, int]]):
        self.pairs = sorted(pairs)
        self.parent = [-1] * len(self.pairs)
        events = sorted([(o + 1, 1, i) for i, (o, _) in enumerate(self.pairs)]
                        + [(c + 1, 0, i) for i, (_, c) in enumerate(self.pairs)])
        stack: list[int] = []
        self.points: list[int] = []  # from each point on, self.open[k] is the innermost open pair (or -1)
        self.open: list[int] = []
        for pos, is_open, i in events:
            if is_open:
                self.parent[i] = stack[-1] if stack else -1
                stack.append(i)
            elif stack and stack[-1] == i:
                stack.pop()
            if self.points and self.points[-1] == pos:
                self.open[-1] = stack[-1] if stack else -1
            else:
                self.points.append(pos)
                self.open.append(stack[-1] if stack else -1)

    def around(self, start: int, end: int) -> tuple[int, int] | None:
        """The innermost pair (open, close) with open < start and end <= close, or None."""
        k = bisect_right(self.points, start) - 1
        i = self.open[k] if k >= 0 else -1
        while i >= 0 and self.pairs[i][1] < end:
            i = self.parent[i]
        return self.pairs[i] if i >= 0 else None

    def away(self, cue: tuple[int, int], target: tuple[int, int]) -> bool:
        """bracketed_away(pairs, cue, target), the same answer."""
        pair = self.around(*cue)
        return pair is not None and not (pair[0] < target[0] and target[1] <= pair[1])


@Language.factory("criteria_context", requires=["doc.spans"], assigns=["doc._.contexts"])
def make_criteria_context(nlp: Language, name: str):
    return CriteriaContext(nlp, name)


class CriteriaContext:
    """medspaCy's ConText, run sentence by sentence: a modifier's scope never leaves its sentence, so one small
    ConText graph per sentence gives the same edges as one graph over the trial, in linear rather than quadratic
    time (medspaCy compares every modifier with every other and with every target of the document)."""

    def __init__(self, nlp: Language, name: str = "criteria_context"):
        from medspacy.common.medspacy_matcher import MedspacyMatcher

        self.nlp = nlp
        self.matcher = MedspacyMatcher(nlp, name=f"{name}_medspacy", phrase_matcher_attr="LOWER", prune=True)
        self.matcher.add(medspacy_rules())

    def modifiers(self, doc: Doc, targets) -> list[list[tuple[str, int, int]]]:
        """(category, cue start, cue end) of the modifiers of each target, in ConText's order."""
        from medspacy.context import ConTextModifier

        flags = doc.to_array([SENT_START]).astype("int64").reshape(-1)
        sentence_starts = [0, *(int(i) for i in numpy.flatnonzero(flags == 1) if i > 0)]
        starts, cut = windows(sentence_starts, len(doc))
        bounds = [*sentence_starts, len(doc)]
        doc.user_data["context_windows"] = [(doc[bounds[k]].idx, doc[bounds[k + 1] - 1].idx + len(doc[bounds[k + 1] - 1]))
                                            for k in cut]
        ends = [*starts[1:], len(doc)]
        window_of = lambda i: bisect_right(starts, i) - 1  # noqa: E731
        groups: dict[int, tuple[list, list]] = {}
        for i, t in enumerate(targets):
            for k in range(window_of(t.start), window_of(t.end - 1) + 1):
                groups.setdefault(k, ([], []))[0].append(i)
        for match_id, start, end in self.matcher(doc):
            k = window_of(start)
            if k in groups:
                rule = self.matcher.rule_map[self.nlp.vocab[match_id].text]
                a, b = scope(rule.direction.lower(), start, end, (starts[k], ends[k]), rule.max_scope)
                groups[k][1].append(ConTextModifier(rule, start, end, doc, scope_start=a, scope_end=b))
        found: list[list] = [[] for _ in targets]
        for members, mods in groups.values():
            if not mods:
                continue
            update_scopes(mods)  # ConTextGraph.update_scopes(), without the calls that change nothing
            position = {id(targets[i]): i for i in members}
            for target, m in apply_modifiers([targets[i] for i in members], mods):
                found[position[id(target)]].append(m)
        spans = {}
        for ms in found:
            for m in ms:
                if id(m) not in spans:
                    cue = doc[m.modifier_span[0] : m.modifier_span[1]]
                    spans[id(m)] = (m.category, cue.start_char, cue.end_char)
        return [[spans[id(m)] for m in ms] for ms in found]

    def __call__(self, doc: Doc) -> Doc:
        doc._.contexts = {}
        doc.user_data["context_windows"] = []
        if not doc.spans.get(TARGETS):
            return doc
        targets = list(doc.spans[TARGETS])
        brackets = BracketIndex(bracket_pairs(doc.user_data.get("text") or doc.text))
        extents = doc.user_data.get("target_extents") or [None] * len(targets)
        text = doc.text  # built from the tokens on each access: once per doc
        for span, key, extent, mods in zip(targets, doc.user_data.get("targets", []), extents,
                                           self.modifiers(doc, targets)):
            mods = own_cues_removed(mods, extent or (span.start_char, span.end_char), key[0])
            mods = [m for m in mods if not brackets.away(m[1:], (span.start_char, span.end_char))]
            mods = permission_negated(mods, text, (span.start_char, span.end_char))
            found = assertion(mods, key[0])
            if found[0] != "affirmed":
                doc._.contexts[key] = found
        return doc
