"""Every character of the eligibility text ends up in a criterion, a section header, a list marker or an
`unread_text` warning: checked on every record of ../shared (skipped when it is absent) and on small fixtures."""

from __future__ import annotations

import re

from helpers import parse_text
from trialcriteria.ingest import read_path
from trialcriteria.pipeline import segment_record
from trialcriteria.segment.coverage import unread_spans

# what may stand outside every node without being text: list markers, bullets, stray punctuation, connectors
_TOKEN = re.compile(r"[(\[]?(?:\d{1,3}(?:\.\d{1,2})?|[a-zA-Z]|[ivxIVX]{1,5}|[①-⑳])?[.)\]:]?|[-*•·‣◦▪■●○➢►–—_=~#|+:;,.\\]+"
                    r"|\W*(?i:or|and|and/or)\W*")


def unaccounted(result) -> list[str]:
    """The pieces of the eligibility text outside every criterion, header and warning that are not markers."""
    text = result.eligibility_text
    covered = bytearray(len(text))
    spans = [(c.start, c.end) for c in result.criteria] + [(h.start, h.end) for h in result.headers]
    spans += [(w.start, w.end) for w in result.warnings if w.start is not None]
    for s, e in spans:
        covered[s:e] = b"\x01" * (e - s)
    rest = "".join(ch if not covered[i] else " " for i, ch in enumerate(text))
    return [tok for tok in rest.split() if not _TOKEN.fullmatch(tok)]


def test_every_shared_record_accounts_for_its_text(shared):
    roots = [shared / "corpora" / "ctgov-samples", *sorted((shared / "corpora" / "ctgov-bulk").glob("*.zip"))]
    records, bad = 0, {}
    for root in roots:
        for rec in read_path(root):
            if not hasattr(rec, "document_text"):
                continue  # a file that is not a study record: reported by the readers, tested elsewhere
            records += 1
            result = segment_record(rec)
            left = unaccounted(result)
            if left:
                bad[f"{rec.source.path}!{rec.source.record}"] = left[:5]
    assert records > 11_000
    assert bad == {}


def test_unread_text_gets_a_warning_and_markers_do_not():
    r = parse_text("Inclusion Criteria:\n1. Age >= 18\nConfidential - Page 2 of 9\n2. Consent\n3.\n")
    unread = [r.eligibility_text[w.start : w.end] for w in r.warnings if w.code == "unread_text"]
    assert unread == ["Confidential - Page 2 of 9"]
    assert unaccounted(r) == []


def test_an_eligibility_wrapper_header_is_kept_as_a_header():
    r = parse_text("-  Eligibility Criteria:\n\nInclusion Criteria:\n\n  -  Adults\n\nExclusion Criteria:\n\n  -  Pregnancy\n")
    assert [h.text for h in r.headers] == ["Eligibility Criteria:", "Inclusion Criteria:", "Exclusion Criteria:"]
    assert [c.text for c in r.criteria] == ["Adults", "Pregnancy"]


def test_an_alternative_after_an_or_line_is_a_sibling_whatever_its_indentation():
    text = ("Inclusion Criteria:\n\n  -  Histologic HCC\n\nOr\n\nradiologic features typical of HCC.\n\n"
            "  -  Child-Pugh A\n\n  -  Age >= 18\n\nExclusion Criteria:\n\n  -  Pregnancy\n")
    r = parse_text(text)
    tree = [(c.id, c.parent_id, c.kind, c.text) for c in r.criteria]
    assert tree == [("inc-1", None, "group", "Or"), ("inc-1.1", "inc-1", "item", "Histologic HCC"),
                    ("inc-1.2", "inc-1", "item", "radiologic features typical of HCC."),
                    ("inc-2", None, "item", "Child-Pugh A"), ("inc-3", None, "item", "Age >= 18"),
                    ("exc-1", None, "item", "Pregnancy")]


def test_a_connector_never_joins_items_of_two_sections():
    r = parse_text("Inclusion Criteria:\n- A\nAND\nExclusion Criteria:\n- B\n")
    assert all(c.section == "inclusion" for c in r.criteria if c.parent_id and c.parent_id.startswith("inc"))
    assert [c.text for c in r.criteria if c.section == "exclusion"] == ["B"]


def test_inline_pdq_sub_headers_are_headers():
    text = ("PROTOCOL ENTRY CRITERIA:\n\n--Disease Characteristics-- Bilirubin less than 3 mg/dL --Prior/Concurrent "
            "Therapy-- At least 3 months since rifampin --Patient Characteristics-- Hepatic: See Disease "
            "Characteristics\n")
    r = parse_text(text)
    assert "--Prior/Concurrent Therapy--" in [h.text for h in r.headers]
    assert "--Patient Characteristics--" in [h.text for h in r.headers]
    assert not [w for w in r.warnings if w.code == "unread_text"]


def test_unread_spans_skip_a_chained_connector_before_the_next_marker():
    text = "1. A\n\nOR\n\n2. B"
    assert unread_spans(text, [(3, 4), (13, 14)], structural=re.compile(r"^\W*or\W*$", re.I)) == []


def test_markdown_escaped_markers_are_markers_not_unread_text():
    # API v2 exports escape list markers: "1\. Inclusion Criteria:" is a numbered section header
    text = "1\\. Inclusion Criteria:\n\n(1) Age \\>= 18 years\n\n2\\. Exclusion Criteria:\n\n(1) Pregnancy\n"
    r = parse_text(text)
    assert [h.section for h in r.headers] == ["inclusion", "exclusion"]
    assert not [w for w in r.warnings if w.code == "unread_text"]
    # an escaped marker that stands before text is still no text of its own; the text after it is read
    assert unread_spans("a\\) x", [(4, 5)]) == []
