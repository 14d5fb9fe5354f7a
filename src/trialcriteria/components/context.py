"""medspaCy ConText with rules written for eligibility criteria (resources/context_rules.json), over the span
group `targets`: what each target's modifiers assert (the category with the highest priority) and the cue, as
plain data on doc._.contexts: {(kind, criterion, item): (assertion, cue start, cue end)}. What an assertion
means for a matcher (polarity) is decided with the criterion's section by `assemble`."""

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import context_rules
from ..segment.lines import bracket_pairs
from .criterion_facts import TARGETS

if not Doc.has_extension("contexts"):
    Doc.set_extension("contexts", default=None)


def medspacy_rules():
    from medspacy.context import ConTextRule

    return [ConTextRule(r.literal, r.category, direction=r.direction, max_scope=r.max_scope, pattern=r.pattern)
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
        from medspacy.context import ConTextGraph, ConTextModifier

        sent_of = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        groups: dict[int, tuple[list, list]] = {}
        for i, t in enumerate(targets):
            for k in range(sent_of[t.start], sent_of[t.end - 1] + 1):
                groups.setdefault(k, ([], []))[0].append(i)
        for match_id, start, end in self.matcher(doc):
            k = sent_of[start]
            if k in groups:
                rule = self.matcher.rule_map[self.nlp.vocab[match_id].text]
                groups[k][1].append(ConTextModifier(rule, start, end, doc))
        found: list[list] = [[] for _ in targets]
        for members, mods in groups.values():
            if not mods:
                continue
            graph = ConTextGraph(targets=[targets[i] for i in members], modifiers=mods)
            graph.update_scopes()
            graph.apply_modifiers()
            position = {id(targets[i]): i for i in members}
            for target, m in graph.edges:
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
        if not doc.spans.get(TARGETS):
            return doc
        targets = list(doc.spans[TARGETS])
        pairs = bracket_pairs(doc.text)
        extents = doc.user_data.get("target_extents") or [None] * len(targets)
        for span, key, extent, mods in zip(targets, doc.user_data.get("targets", []), extents,
                                           self.modifiers(doc, targets)):
            mods = own_cues_removed(mods, extent or (span.start_char, span.end_char), key[0])
            mods = [m for m in mods if not bracketed_away(pairs, m[1:], (span.start_char, span.end_char))]
            found = assertion(mods, key[0])
            if found[0] != "affirmed":
                doc._.contexts[key] = found
        return doc
