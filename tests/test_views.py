"""The curator's review page (views.review_page): headings, markdown escapes, status colours, unread text, the
'needs review' filter and escaping. Small texts parsed here; the asserts read the HTML produced (and, when
Chromium is installed, what the browser computes from it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

import trialcriteria as tc
from trialcriteria.schema import Source
from trialcriteria.views import _highlight, review_page

ORGAN = ("Inclusion Criteria:\n1. Adequate organ function:\n   a. Hemoglobin >= 9 g/dL\nConfidential - Page 2 of 9\n"
         "   b. Platelets >= 100,000/mm3\n2. Consent\n")
CLEAN = "Inclusion Criteria:\n- Hemoglobin >= 9 g/dL\n- Age >= 18 years\n"
MIXED = ("Inclusion Criteria:\n- ANC = 1500/mm3\n- Adequate organ function:\n  - Hemoglobin >= 9 g/dL\n"
         "  - Willing to comply with study visits\n")
ESCAPED = "Inclusion Criteria:\n- ANC \\> 1000/mm\\^3\n- HLA-A\\*11:01 positive\n- Age \\>= 18 years \\[adults\\] no\\_x\n"


@pytest.fixture(scope="module")
def parsed():
    return {name: tc.parse(text) for name, text in
            {"organ": ORGAN, "clean": CLEAN, "mixed": MIXED, "escaped": ESCAPED}.items()}


def body(page: str) -> str:
    return page.split("</style>", 1)[1]


class _Tree(HTMLParser):
    """A minimal DOM: each element a dict(tag, attrs, children); text in 'text' parts."""

    VOID = {"meta", "input", "br", "img", "hr", "link"}

    def __init__(self):
        super().__init__()
        self.root = {"tag": "#root", "attrs": {}, "children": []}
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = {"tag": tag, "attrs": dict(attrs), "children": []}
        self.stack[-1]["children"].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1 and self.stack.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        self.stack[-1]["children"].append(data)


def dom(page: str) -> dict:
    t = _Tree()
    t.feed(page)
    return t.root


def walk(node):
    for ch in node["children"]:
        if isinstance(ch, dict):
            yield ch
            yield from walk(ch)


def text_of(node) -> str:
    return "".join(ch if isinstance(ch, str) else text_of(ch) for ch in node["children"])


def classes(node) -> set[str]:
    return set((node["attrs"].get("class") or "").split())


def items(page: str) -> dict[str, dict]:
    """The criterion <li> of the page by criterion id (the text of its span.id, marker dropped)."""
    out = {}
    for li in walk(dom(page)):
        if li["tag"] == "li" and "crit" in classes(li):
            ident = next(n for n in walk(li) if "id" in classes(n))
            out[text_of(ident).split()[0]] = li
    return out


# 1. headings


def test_a_trial_heading_shows_its_id_title_and_input_file_with_a_stable_anchor(parsed):
    r = parsed["clean"].model_copy(update={
        "trial_id": "NCT01234567", "title": "Iron & <b>anaemia</b>",
        "source": Source(path="/data/dumps/batch-7/NCT01234567.json", format="ctgov_v2", record="12")})
    twin = r.model_copy(update={"title": None, "source": Source(path="other.txt", format="text")})
    page = review_page([r, twin])
    h2 = [n for n in walk(dom(page)) if n["tag"] == "h2"]
    assert [n["attrs"]["id"] for n in h2] == ["trial-NCT01234567", "trial-NCT01234567-2"]
    # the file's name without its directory, and the record in the file
    assert text_of(h2[0]).split() == ["#", "NCT01234567", "—", "Iron", "&", "<b>anaemia</b>", "NCT01234567.json",
                                      "·", "record", "12"]
    assert text_of(h2[1]).split() == ["#", "NCT01234567", "other.txt"]
    assert "href='#trial-NCT01234567'" in page


def test_an_anchor_is_made_of_safe_characters(parsed):
    r = parsed["clean"].model_copy(update={"trial_id": "text 1/<x>"})
    assert "<h2 id='trial-text-1-x-'>" in review_page([r])


# 2. markdown escapes


def test_markdown_escapes_are_shown_unescaped_and_marks_keep_their_characters(parsed):
    page = body(review_page([parsed["escaped"]]))
    assert re.search(r'<mark class="lab" title="[^"]*">ANC &gt; 1000/mm\^3<span class="v">', page)
    assert "HLA-A*11:01 positive" in page
    assert "[adults] no_x" in page
    assert "\\" not in page


def test_escapes_are_dropped_piece_by_piece_on_raw_offsets():
    # a mark that begins between the backslash and the character it escapes: the backslash is still dropped
    assert _highlight("a \\>b c", 10, [(13, 15, "LAB", "v")]) == \
        'a <mark class="lab" title="v">&gt;b<span class="v">v</span></mark> c'
    # an escaped backslash shows one backslash, and the '*' after it is not an escape
    assert _highlight("x\\\\*y", 0, []) == "x\\*y"


# 3. status colour on the node's own line


def test_a_not_structured_node_is_coloured_on_its_own_line_not_over_its_children(parsed):
    r = parsed["organ"]
    heading = r.criteria[0].model_copy(update={"status": "not_structured", "status_reason": "test"})
    page = review_page([r.model_copy(update={"criteria": [heading, *r.criteria[1:]]})])
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    painted = [sel.strip() for sel, rule in re.findall(r"([^{}]+)\{([^}]*)\}", css)
               if "background" in rule and "not_structured" in sel]
    assert painted and all(sel.endswith("> .line") for sel in painted)
    li = items(page)["inc-1"]
    line = next(n for n in li["children"] if isinstance(n, dict) and "line" in classes(n))
    assert "Adequate organ function" in text_of(line) and "Hemoglobin" not in text_of(line)


# 4. unread text


def test_unread_text_is_shown_where_it_occurs_and_counted(parsed):
    page = review_page([parsed["organ"], parsed["clean"]])
    unread = [n for n in walk(dom(page)) if n["tag"] == "li" and "unread" in classes(n)]
    assert [text_of(n) for n in unread] == ["not read by any criterion" + "Confidential - Page 2 of 9"]
    # between the two items of inc-1 it interrupts, inside inc-1's list
    siblings = [n for n in items(review_page([parsed["organ"]]))["inc-1"]["children"] if isinstance(n, dict) and n["tag"] == "ul"][0]
    order = [text_of(n)[:12] for n in siblings["children"]]
    assert order == ["inc-1.1 a.He", "not read by ", "inc-1.2 b.Pl"]
    assert "<td id='n-unread'>1</td>" in page
    assert "warning: text that no criterion holds" not in page  # shown once, as unread text


# 5. the 'needs review' filter


def test_the_filter_marks_what_needs_review_and_what_can_be_hidden(parsed):
    mixed = parsed["mixed"]
    page = review_page([parsed["clean"], mixed])
    assert "<input type='checkbox' id='only-review'>" in page and "show only what needs review" in page
    assert "Needs review: a criterion not structured or partly structured, text not read by any criterion, and " \
           "warnings." in page
    assert "#only-review:checked ~ main .calm{display:none}" in page
    sections = [n for n in walk(dom(page)) if n["tag"] == "section"]
    assert [classes(s) for s in sections] == [{"trial", "calm"}, {"trial"}]
    assert "<td id='n-review'>1</td>" in page
    crit = items(review_page([mixed]))
    assert "calm" not in classes(crit["inc-1"]) and "needs" in classes(crit["inc-1"])  # structured, with a warning
    assert "⚠ equals_comparator" in text_of(crit["inc-1"])
    assert "calm" in classes(crit["inc-2.1"]) and "needs" not in classes(crit["inc-2.1"])
    assert {"needs"} <= classes(crit["inc-2.2"]) and "calm" not in classes(crit["inc-2.2"])


def test_a_structured_heading_stays_as_context_when_an_item_under_it_needs_review(parsed):
    r = parsed["mixed"]
    crits = [c.model_copy(update={"status": "structured"}) if c.id == "inc-2" else c for c in r.criteria]
    page = review_page([r.model_copy(update={"criteria": crits})])
    assert "#only-review:checked ~ main li.crit:not(.needs) > .line{opacity:.5}" in page  # dimmed


# 6. escaping


def test_everything_from_the_record_is_escaped(parsed):
    r = parsed["mixed"].model_copy(update={
        "trial_id": "<script>alert(1)</script>", "title": "<img src=x onerror=alert(2)>",
        "source": Source(path="/tmp/<svg onload=alert(3)>.json", format="ctgov_v2", record="<i>4</i>")})
    page = review_page([r])
    h2 = next(n for n in walk(dom(page)) if n["tag"] == "h2")
    assert [n["tag"] for n in walk(h2)] == ["a", "span", "span", "span"]  # no element from the record
    assert text_of(h2).split()[1:] == ["<script>alert(1)</script>", "—", "<img", "src=x", "onerror=alert(2)>",
                                       "<svg", "onload=alert(3)>.json", "·", "record", "<i>4</i>"]
    assert "&lt;svg onload=alert(3)&gt;.json · record &lt;i&gt;4&lt;/i&gt;" in page
    assert "title='inc-1: &#x27;ANC = 1500/mm3&#x27; is read as exactly this value" in page


# the page as Chromium computes it (skips without Chromium)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PROBE = """<script>
document.getElementById('only-review').checked = %s;
for (const li of document.querySelectorAll('li')) {
  li.setAttribute('data-shown', li.offsetParent !== null ? 'yes' : 'no');
  li.setAttribute('data-bg', getComputedStyle(li).backgroundColor);
  const line = li.querySelector(':scope > .line');
  if (line) li.setAttribute('data-line-bg', getComputedStyle(line).backgroundColor);
  if (line) li.setAttribute('data-line-opacity', getComputedStyle(line).opacity);
}
for (const s of document.querySelectorAll('section'))
  s.setAttribute('data-shown', s.offsetParent !== null ? 'yes' : 'no');
</script>"""


def browser_dom(tmp_path, page: str, checked: bool) -> str:
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE % ("true" if checked else "false") + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    return subprocess.run([CHROMIUM, *flags, "--dump-dom", probe.as_uri()], capture_output=True, text=True,
                          timeout=120).stdout


def li_attrs(dump: str) -> list[dict]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', m)) for m in re.findall(r"<li ([^>]*)>", dump)]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_in_the_browser_only_the_line_is_red_and_the_filter_hides_what_is_calm(tmp_path, parsed):
    r = parsed["organ"]
    heading = r.criteria[0].model_copy(update={"status": "not_structured", "status_reason": "test"})
    page = review_page([r.model_copy(update={"criteria": [heading, *r.criteria[1:]]}), parsed["clean"]])
    shown = li_attrs(browser_dom(tmp_path, page, checked=False))
    red = [a for a in shown if a.get("data-status") == "not_structured"]
    assert red and all(a["data-bg"] == "rgba(0, 0, 0, 0)" and a["data-line-bg"] == "rgb(255, 244, 241)" for a in red)
    assert all(a["data-shown"] == "yes" for a in shown)
    filtered = browser_dom(tmp_path, page, checked=True)
    kept = {a["class"]: a["data-shown"] for a in li_attrs(filtered) if a.get("data-status") != "structured"}
    assert kept and set(kept.values()) == {"yes"}  # what needs review stays
    structured = [a for a in li_attrs(filtered) if a.get("data-status") == "structured"]
    assert structured and all(a["data-shown"] == "no" for a in structured)  # all calm here: hidden
    assert re.findall(r'<section class="([^"]*)" data-shown="(\w+)"', filtered) == [("trial", "yes"),
                                                                                   ("trial calm", "no")]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_in_the_browser_a_structured_heading_over_an_item_to_review_stays_dimmed(tmp_path, parsed):
    r = parsed["mixed"]
    crits = [c.model_copy(update={"status": "structured"}) if c.id == "inc-2" else c for c in r.criteria]
    page = review_page([r.model_copy(update={"criteria": crits})])
    shown = sorted((a["class"], a["data-shown"], a["data-line-opacity"])
                   for a in li_attrs(browser_dom(tmp_path, page, checked=True)) if "data-status" in a)
    # inc-1 (a warning) and inc-2.2 (not structured) to review; inc-2 shown dimmed; inc-2.1 hidden
    assert shown == [("crit not_structured needs", "yes", "1"), ("crit structured", "yes", "0.5"),
                     ("crit structured calm", "no", "0.5"), ("crit structured needs", "yes", "1")]
