"""The review page rendered in headless Chromium (Debian's chromium package): the page the browser built,
not just the HTML string. Skips when no Chromium is installed (.ci/run installs it)."""

import re
import shutil
import subprocess
import struct

import pytest

from trialcriteria.ingest import read_path
from trialcriteria.pipeline import parse_records
from trialcriteria.views import review_page

from conftest import FIXTURES, REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def chromium(tmp_path, *args):
    profile = tmp_path / "profile"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=120)


def _page(tmp_path, paths):
    results = parse_records([r for p in paths for r in read_path(p)])
    page = tmp_path / "review.html"
    page.write_text(review_page(results), encoding="utf-8")
    return results, page


@pytest.mark.parametrize("name,paths", [
    ("seeds", [REPO / "corpora" / "seeds"]),
    ("dump sample", [FIXTURES / "records"]),
])
def test_review_page_renders_in_chromium(tmp_path, name, paths):
    results, page = _page(tmp_path, paths)
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    n_criteria = sum(len(r.criteria) for r in results)
    assert len(re.findall(r'<li class="crit ', dom)) == n_criteria  # the browser built one item per criterion
    assert f'<td id="n-trials">{len(results)}</td>' in dom
    not_structured = sum(c.status == "not_structured" for r in results for c in r.criteria)
    assert len(re.findall(r'data-status="not_structured"', dom)) == not_structured
    assert re.search(r'<mark class="lab" title="[^"]+">', dom)

    shot = tmp_path / "shot.png"
    chromium(tmp_path, "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 1600) and len(data) > 20_000  # a page with content, not a blank one
