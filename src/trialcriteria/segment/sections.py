"""Pure: a document's text -> its eligibility region, split into inclusion / exclusion / unspecified blocks.

How the region and the sections are found (in this order):

1. Headers. A line whose text, once a leading bullet or number and markdown escapes are removed, starts with a
   section header (resources/segmenter.json: `Inclusion Criteria:`, `Key Exclusion Criteria`,
   `* INCLUSION CRITERIA:`, `-INCLUSION CRITERIA:`, `1\\. Inclusion Criteria: ...`, a full-width colon,
   `DISEASE CHARACTERISTICS:` ...) opens a block of that section; the rest of the header's line is content,
   unless it only introduces the list ("Subjects who meet any of the following will be excluded:").
2. In a pasted page or a document (not a registry's criteria field), the region runs from the first header to
   the first line that ends such a page (`To learn more about this study`, `Contacts and Locations`, ...).
3. With no header, the region is the run of lines that read most like criteria: each line gets a score from
   weighted cues (thresholds, ECOG, consent, "history of" ... up; outcome measures, registry field labels,
   results prose down), and the region is the maximum-sum run (Kadane). It is a list when it holds at least
   five short lines that read strongly like criteria (score >= 2).
4. Otherwise, prose: sentences that open an eligibility passage ("Subjects were eligible if", "Key exclusion
   criteria included", "Patients must have had") and the sentences that continue it ("were excluded",
   "was allowed", "could be enrolled only if") are the criteria; their section comes from their wording.
5. A headerless list is split in two when a second, separately numbered list starts (its first marker opens a
   numbering scheme the list has not used, or restarts one at the same indentation, and the line before it
   does not introduce it with a colon) and the
   cues of the part after it lean to exclusion while the part before leans to inclusion: the first part is
   then inclusion and the second exclusion. A lone headerless list is unspecified.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Line, match_line_marker, split_lines, unescape_markdown
from ..resources import SegmenterRules, segmenter_rules
from ..schema import Problem

MIN_LIST_LINES = 5
MAX_LIST_LINE = 400


@dataclass
class Block:
    section: str  # inclusion | exclusion | unspecified
    start: int  # content range in the document
    end: int
    header: tuple[int, int] | None = None  # the header's span, when there is one
    mode: str = "list"  # list | prose | pdq (an old NCI/PDQ block: joined lines are cut into statements)


@dataclass
class Layout:
    start: int  # the eligibility region in the document
    end: int
    blocks: list[Block]
    warnings: list[Problem] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class Header:
    line: Line
    section: str  # inclusion | exclusion | eligibility | nci
    end: int  # document offset where the header's text ends (the rest of the line is content)
    start: int = -1  # document offset where the header's text starts (after a bullet or number)


def _strip_marker(line: Line) -> tuple[str, int]:
    """The line's body with a leading bullet / number removed, and the document offset where it starts."""
    text, pos = line.text, len(line.text) - len(line.text.lstrip())
    marker = match_line_marker(text, pos, line.start)
    if marker is not None:
        pos = marker.end - line.start
    elif text[pos : pos + 1] in ("-", "*", "•") and text[pos + 1 : pos + 2].isalpha():
        pos += 1  # "-INCLUSION CRITERIA:"
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return text[pos:], line.start + pos


def find_header(line: Line, rules: SegmenterRules) -> Header | None:
    body, body_start = _strip_marker(line)
    if not body or len(body) > 600:
        return None
    plain = unescape_markdown(body)
    for section, regex in rules.headers:
        m = regex.match(plain)
        if not m:
            continue
        # map the match end in the unescaped text back to the raw text (escapes only shorten it)
        consumed, raw_pos = 0, 0
        while consumed < m.end() and raw_pos < len(body):
            if body[raw_pos] == "\\" and raw_pos + 1 < len(body) and not body[raw_pos + 1].isalnum():
                raw_pos += 1
            raw_pos += 1
            consumed += 1
        return Header(line, section, body_start + raw_pos, body_start)
    return None


def _section_of(header: Header) -> str:
    return {"inclusion": "inclusion", "exclusion": "exclusion", "nci": "inclusion"}.get(header.section, "unspecified")


# ---------------------------------------------------------------------------------------------- line scores


def line_score(line: Line, rules: SegmenterRules) -> float:
    """How much a line reads like a criterion (about -3 .. +10); 0 for blank and bullet-only lines."""
    body = line.body
    if not body or all(ch in "-*•·" for ch in body):
        return 0.0
    score = sum(cue.score(body) for cue in rules.criterion_cues) - 1.0
    if match_line_marker(line.text, len(line.text) - len(line.text.lstrip()), line.start):
        score += 0.5
    return score


def cue_balance(text: str, rules: SegmenterRules) -> float:
    """Exclusion cues minus inclusion cues, per 100 characters."""
    exc = sum(c.score(text, cap=50) for c in rules.exclusion_cues)
    inc = sum(c.score(text, cap=50) for c in rules.inclusion_cues)
    return (exc - inc) * 100.0 / max(len(text), 1)


def _max_run(scores: list[float], barriers: set[int]) -> tuple[int, int, float]:
    """Kadane: the [i, j) run of maximum sum that crosses no barrier index."""
    best, best_i, best_j = 0.0, 0, 0
    cur, cur_i = 0.0, 0
    for k, s in enumerate(scores):
        if k in barriers:
            cur, cur_i = 0.0, k + 1
            continue
        if cur <= 0:
            cur, cur_i = 0.0, k
        cur += s
        if cur > best:
            best, best_i, best_j = cur, cur_i, k + 1
    return best_i, best_j, best


# --------------------------------------------------------------------------------------------- the layout


def find_layout(text: str, *, registry_field: bool, rules: SegmenterRules | None = None) -> Layout:
    """The eligibility region of a document and its blocks.

    registry_field: the text is a registry's eligibility field (everything in it is eligibility); otherwise
    it is a page, protocol or paper in which the region has to be found.
    """
    rules = rules or segmenter_rules()
    lines = split_lines(text)
    headers = [h for h in (find_header(ln, rules) for ln in lines) if h is not None]
    warnings: list[Problem] = []

    if not registry_field:
        stops = {i for i, ln in enumerate(lines) if ln.body and rules.region_stop.search(ln.body)}
        if headers:
            first = lines.index(headers[0].line)
            last = lines.index(headers[-1].line)
            stop = min((i for i in stops if i > last), default=len(lines))
            headers = [h for h in headers if lines.index(h.line) < stop]
            region = lines[first:stop]
        else:
            scores = [line_score(ln, rules) for ln in lines]
            i, j, total = _max_run(scores, stops)
            run = lines[i:j]
            items = [ln for ln, s in zip(run, scores[i:j]) if s >= 2 and len(ln.body) <= MAX_LIST_LINE]
            if len(items) >= MIN_LIST_LINES and total >= 6:
                while i > 0 and lines[i - 1].body and all(ch in "-*•·" for ch in lines[i - 1].body):
                    i -= 1  # keep the bullet that introduces the first item
                region = lines[i:j]
            else:
                prose = find_prose(text, rules)
                if prose is not None:
                    return prose
                warnings.append(Problem(code="no_eligibility_found",
                                        message="no eligibility header, list or prose passage found; the whole text is read as one unspecified list"))
                region = lines
        lines = region
    while lines and lines[-1].blank:
        lines = lines[:-1]
    while lines and lines[0].blank:
        lines = lines[1:]
    if not lines:
        return Layout(0, 0, [], warnings + [Problem(code="empty_criteria", message="the eligibility criteria are empty")])
    start, end = lines[0].start, lines[-1].end
    if rules.placeholder.match(text[start:end].strip()):
        return Layout(start, end, [], warnings + [Problem(
            code="no_criteria_stated", start=start, end=end,
            message=f"the eligibility field states no criterion: {' '.join(text[start:end].split())!r}")])

    if registry_field and not headers and _is_prose(lines):
        return Layout(start, end, [Block("unspecified", start, end, None, "prose")], warnings)

    blocks = _blocks_from_headers(text, lines, headers, rules, start, end)
    if not headers:
        blocks = _split_headerless(text, lines, rules, start, end)
    return Layout(start, end, blocks, warnings)


def _is_prose(lines: list[Line]) -> bool:
    """A criteria field written as running text: no list markers and long lines."""
    body = [ln for ln in lines if not ln.blank]
    marked = sum(1 for ln in body if match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start))
    return marked == 0 and sum(len(ln.body) for ln in body) / max(len(body), 1) > 200


def _skip_intro(text: str, pos: int, end: int, rules: SegmenterRules) -> int:
    """Skip a sentence that only introduces the section's list (on the header's line or right after it)."""
    for ln in split_lines(text, pos, end):
        if ln.blank:
            continue
        body = unescape_markdown(ln.body)
        if rules.section_intro.match(body):
            return ln.end
        return pos
    return pos


def _blocks_from_headers(text: str, lines: list[Line], headers: list[Header], rules: SegmenterRules,
                         start: int, end: int) -> list[Block]:
    if not headers:
        return []
    blocks = []
    first = headers[0].line.start
    if text[start:first].strip():  # text before the first header
        blocks.append(Block("unspecified", start, first))
    for k, h in enumerate(headers):
        stop = headers[k + 1].line.start if k + 1 < len(headers) else end
        content = _skip_intro(text, h.end, stop, rules)
        section = _section_of(h)
        if h.section == "eligibility" and text[content:stop].strip() and _exclusion_follows(headers[k + 1 :]):
            section = "inclusion"  # "Eligibility criteria:" ... "Exclusion criteria:": the first list is inclusion
        # the header's span runs to the end of the introduction that belongs to it
        header_end = content if content > h.end else h.end
        blocks.append(Block(section, content, stop, (h.start, _trim_end(text, h.start, header_end)),
                            "pdq" if h.section == "nci" else "list"))
    # an `Eligibility criteria:` wrapper followed by inclusion/exclusion headers holds nothing itself (its header
    # is kept, so that the output still accounts for its text)
    return [b for b in blocks if b.section != "unspecified" or text[b.start : b.end].strip() or b.header is not None]


def _exclusion_follows(later: list[Header]) -> bool:
    """An exclusion header comes later, before any inclusion header."""
    for h in later:
        if h.section in ("inclusion", "nci"):
            return False
        if h.section == "exclusion":
            return True
    return False


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _split_headerless(text: str, lines: list[Line], rules: SegmenterRules, start: int, end: int) -> list[Block]:
    seen: dict[tuple[str, str], set[int]] = {}  # scheme -> indents it was used at
    prev_body = ""
    best: tuple[float, int] | None = None
    for ln in lines:
        if ln.blank or all(ch in "-*•·" for ch in ln.body):
            continue
        marker = match_line_marker(ln.text, len(ln.text) - len(ln.text.lstrip()), ln.start)
        if marker is not None and marker.family != "bullet":
            indents = seen.get(marker.scheme, set())
            opens = not indents or any(abs(i - ln.indent) <= 1 for i in indents)  # new scheme, or a restart
            if opens and marker.is_start and not prev_body.endswith((":", "：")) and ln.start > start:
                before, after = cue_balance(text[start : ln.start], rules), cue_balance(text[ln.start : end], rules)
                margin = after - before
                if after > 0 and before <= after and (best is None or margin > best[0]):
                    best = (margin, ln.start)
            seen.setdefault(marker.scheme, set()).add(ln.indent)
        prev_body = ln.body
    if best is None:
        return [Block("unspecified", start, end)]
    return [Block("inclusion", start, best[1]), Block("exclusion", best[1], end)]


# -------------------------------------------------------------------------------------------------- prose


def find_prose(text: str, rules: SegmenterRules | None = None) -> Layout | None:
    """The longest passage of eligibility sentences in running text, or None."""
    from .prose import split_sentences

    rules = rules or segmenter_rules()
    sentences = split_sentences(text, 0, len(text), rules)
    best: list[tuple[int, int]] = []
    k = 0
    while k < len(sentences):
        s, e = sentences[k]
        if not any(op.score(text[s:e]) for op in rules.prose_openers):
            k += 1
            continue
        passage = [(s, e)]
        k += 1
        while k < len(sentences):
            s2, e2 = sentences[k]
            sent = text[s2:e2]
            if any(c.score(sent) for c in rules.prose_cues) or any(op.score(sent) for op in rules.prose_openers):
                passage.append((s2, e2))
                k += 1
            else:
                break
        if len(passage) > len(best):
            best = passage
    if not best:
        return None
    start, end = best[0][0], best[-1][1]
    return Layout(start, end, [Block("unspecified", start, end, None, "prose")])
