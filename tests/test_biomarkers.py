"""Biomarkers: the gene lexicon's build (lexicons/genes.py), the extraction (extract/biomarkers), the spaCy
component with its context, and the scorer (evaluate/biomarkers.py). Expected values come from reading the
texts with annotations/coding/GUIDELINES.md."""

from __future__ import annotations

import pytest
import spacy

from trialcriteria.evaluate.biomarkers import match_biomarkers, score_document
from trialcriteria.evaluate.report import split_docs
from trialcriteria.extract.biomarkers import extract_biomarkers
from trialcriteria.lexicons.build import build_all
from trialcriteria.lexicons.genes import GeneLexiconError, biomarker_genes, unique_forms
from trialcriteria.resources import biomarker_genes as shipped_genes
from trialcriteria.resources import biomarker_rules

from helpers import parse_text

FIELDS = ("gene", "alteration", "variant", "exon", "scale", "result", "comparator", "value")


def coded(text: str) -> list[tuple]:
    """(text, gene, alteration, variant, exon, scale, result, comparator, value) of each biomarker of a text."""
    return [(b.text, *(getattr(b, f) for f in FIELDS)) for b in extract_biomarkers(text)]


# --- the examples and the guideline's -------------------------------------------------------------------

def test_coordinated_alterations_are_two_records():
    assert coded("EGFR exon 19 deletion or L858R") == [
        ("EGFR exon 19 deletion", "EGFR", "deletion", None, 19, None, None, None, None),
        ("L858R", "EGFR", "mutation", "p.Leu858Arg", None, None, None, None, None)]


def test_her2_positive_with_its_definitions_is_three_records():
    assert coded("HER2-positive (IHC 3+ or ISH+)") == [
        ("HER2-positive", "ERBB2", "status", None, None, None, "positive", None, None),
        ("IHC 3+", "ERBB2", "expression", None, None, "IHC", None, "==", 3.0),
        ("ISH+", "ERBB2", "amplification", None, None, "ISH", "positive", None, None)]


@pytest.mark.parametrize("text,expected", [
    ("PD-L1 TPS >= 50%", ("CD274", "expression", None, None, "TPS", None, ">=", 50.0)),
    ("PD-L1 combined positive score (CPS) ≥ 10", ("CD274", "expression", None, None, "CPS", None, ">=", 10.0)),
    ("BRAF V600E", ("BRAF", "mutation", "p.Val600Glu", None, None, None, None, None)),
    ("ALK rearrangement", ("ALK", "fusion", None, None, None, None, None, None)),
    ("KRAS wild-type", ("KRAS", "status", None, None, None, "wild_type", None, None)),
    ("TMB ≥ 10 mut/Mb", (None, "tmb", None, None, "mut/Mb", None, ">=", 10.0)),
    ("EGFR mutation status known", ("EGFR", "status", None, None, None, None, None, None)),
    ("EGFR exon 20 insertion", ("EGFR", "insertion", None, 20, None, None, None, None)),
    ("HER2 overexpression (2-3+)", ("ERBB2", "expression", None, None, "IHC", None, ">=", 2.0)),
    ("ErbB2 overexpression", ("ERBB2", "status", None, None, None, "positive", None, None)),
    ("HER2 0 or 1+ by IHC", ("ERBB2", "expression", None, None, "IHC", None, "<=", 1.0)),
    ("c-MET amplification by FISH (GCN ≥ 6)", ("MET", "amplification", None, None, "ISH", None, ">=", 6.0)),
    ("activating EGFR mutation G719X", ("EGFR", "mutation", "p.Gly719Xaa", None, None, None, None, None)),
    ("BRAF V600 mutation", ("BRAF", "mutation", None, None, None, None, None, None)),  # no new residue: no variant
    ("homozygous F508del", ("CFTR", "mutation", "p.Phe508del", None, None, None, None, None)),
    ("CD20-positive B-cell lymphoma", ("MS4A1", "status", None, None, None, "positive", None, None)),
    ("loss of MLH1 expression", ("MLH1", "mmr", None, None, None, "deficient", None, None)),
    ("BCR-ABL positive", ("ABL1", "fusion", None, None, None, "positive", None, None)),  # on the 3' gene
    ("Philadelphia chromosome-positive ALL", ("ABL1", "fusion", None, None, None, "positive", None, None)),
    ("PR-positive by immunohistochemistry", ("PGR", "status", None, None, "IHC", "positive", None, None)),
])
def test_one_record(text, expected):
    found = coded(text)
    assert len(found) == 1, found
    assert found[0][1:] == expected


def test_msi_and_mmr_are_two_records_without_gene():
    assert [b[1:] for b in coded("MSI-H/dMMR")] == [(None, "msi", None, None, None, "high", None, None),
                                                     (None, "mmr", None, None, None, "deficient", None, None)]


def test_receptor_groups_name_each_receptor():
    assert [(b[1], b[6]) for b in coded("triple-negative breast cancer")] == [
        ("ESR1", "negative"), ("PGR", "negative"), ("ERBB2", "negative")]
    assert [(b[1], b[6]) for b in coded("hormone receptor-positive")] == [("ESR1", "positive"), ("PGR", "positive")]


def test_a_list_shares_what_it_says():
    assert [(b[1], b[5], b[7], b[8]) for b in coded("ER/PR < 10%")] == [
        ("ESR1", "percent", "<", 10.0), ("PGR", "percent", "<", 10.0)]
    assert [(b[1], b[6]) for b in coded("KRAS, NRAS and BRAF wild-type")] == [
        ("KRAS", "wild_type"), ("NRAS", "wild_type"), ("BRAF", "wild_type")]
    assert [(b[1], b[6]) for b in coded("positive for estrogen receptor and/or progesterone receptor")] == [
        ("ESR1", "positive"), ("PGR", "positive")]
    assert [(b[1], b[6]) for b in coded("ER+/PR-/HER2-")] == [("ESR1", "positive"), ("PGR", "negative"),
                                                              ("ERBB2", "negative")]


def test_an_attribute_apart_from_its_gene_takes_the_nearest_gene():
    found = coded("HER2-positive disease: 3+ overexpression by IHC")
    assert [(b[1], b[2], b[5], b[8]) for b in found] == [("ERBB2", "status", None, None),
                                                         ("ERBB2", "expression", "IHC", 3.0)]
    assert coded("Known T790M mutation")[0][1:4] == ("EGFR", "mutation", "p.Thr790Met")  # the hotspot's gene


@pytest.mark.parametrize("text", [
    "Prior treatment with anti-PD-L1 antibodies",
    "Previous EGFR inhibitors or EGFR-TKI",
    "No prior HER2-directed therapy",
    "Agents directed against EGFR and/or HER2",
    "Hormone receptor status: Not specified",   # a placeholder
    "Any HER2 status",
    "History of PR or CR to prior therapy",      # partial and complete response, not the progesterone receptor
    "Patients with neurofibromatosis type 1 (NF1) with low grade glioma",
    "HIV positive",
])
def test_no_biomarker(text):
    assert coded(text) == []


def test_offsets_point_into_the_text():
    text = "Inclusion: documented EGFR exon 19 deletion."
    for b in extract_biomarkers(text[11:], base=11):
        assert text[b.start:b.end] == b.text == "EGFR exon 19 deletion"


# --- the rules and the gene lexicon ------------------------------------------------------------------------------

def test_rules_name_genes_of_the_lexicon():
    rules = biomarker_rules()
    genes = shipped_genes()
    assert {"ERBB2", "CD274", "ESR1", "PGR", "ABL1"} <= set(genes)
    assert genes["ERBB2"].hgnc_id == "HGNC:3430" and "HER2" in genes["ERBB2"].aliases
    assert "PD-L1" in genes["CD274"].aliases and "ER" in genes["ESR1"].aliases
    assert all(g in genes for m in rules.markers for g in m.genes)


def _hgnc(symbol, alias="", prev="", name="x gene", alias_name="", hgnc_id="HGNC:1"):
    return {"hgnc_id": hgnc_id, "symbol": symbol, "name": name, "alias_symbol": alias, "prev_symbol": prev,
            "alias_name": alias_name, "status": "Approved"}


def _row(symbol, keep="", drop="", extra="", names=""):
    return {"symbol": symbol, "source": "actionable", "names": names, "extra": extra, "keep": keep, "drop": drop}


def test_gene_aliases_are_filtered():
    hgnc = [_hgnc("BCR", alias='"CML|ALL|D22S662|PHL"', hgnc_id="HGNC:1014"),
            _hgnc("MLH1", alias='"HNPCC|HNPCC2"', name="mutL homolog 1", hgnc_id="HGNC:7127"),
            _hgnc("MSH2", alias='"HNPCC|HNPCC1"', hgnc_id="HGNC:7325"),
            _hgnc("AR", alias="NR3C4", name="androgen receptor", alias_name="kennedy disease", hgnc_id="HGNC:644")]
    bcr, mlh1, ar = biomarker_genes([_row("BCR"), _row("MLH1"), _row("AR")], hgnc)
    assert bcr["aliases"] == ["BCR", "D22S662"]           # English words and disease names dropped
    assert mlh1["aliases"] == ["MLH1", "HNPCC2"]           # HNPCC names two genes
    assert ar["names"] == ["androgen receptor"]            # no disease name
    (kept,) = biomarker_genes([_row("BCR", keep="PHL", drop="D22S662")], hgnc)
    assert kept["aliases"] == ["BCR", "PHL"]


def test_gene_lexicon_refuses_what_a_hand_edit_could_break():
    hgnc = [_hgnc("ESR1", alias="NR3A1", hgnc_id="HGNC:3467"), _hgnc("EREG", alias="ER", hgnc_id="HGNC:3443")]
    with pytest.raises(GeneLexiconError, match="not an approved HGNC symbol"):
        biomarker_genes([_row("ESR9")], hgnc)
    with pytest.raises(GeneLexiconError, match="keep names no HGNC alias"):
        biomarker_genes([_row("ESR1", keep="ER")], hgnc)
    with pytest.raises(GeneLexiconError, match="names both"):
        unique_forms([{"symbol": "ESR1", "aliases": ["ER"], "names": []},
                      {"symbol": "EREG", "aliases": ["ER"], "names": []}])


@pytest.mark.shared
def test_the_gene_lexicon_is_built_from_hgnc(shared):
    built = build_all(shared / "vocab")
    assert "biomarker_genes.jsonl" in built
    assert b'"symbol": "ERBB2"' in built["biomarker_genes.jsonl"]


def test_without_the_vocabularies_the_shipped_gene_lexicon_is_kept(tmp_path):
    assert "biomarker_genes.jsonl" not in build_all(tmp_path)


# --- the component and the context -------------------------------------------------------------------------------

def test_component_in_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("criterion_biomarkers")
    doc = nlp.make_doc("HER2-negative. No prior anti-HER2 therapy.")
    doc.user_data["criteria"] = [(0, 14), (15, 42)]
    doc = nlp(doc)
    assert [[(b.gene, b.result) for b in items] for items in doc._.biomarkers] == [[("ERBB2", "negative")], []]


def test_context_and_polarity():
    result = parse_text("Inclusion Criteria:\n- HER2-negative breast cancer\n- negative for estrogen receptor\n"
                        "- No KRAS mutation\nExclusion Criteria:\n- Known ALK rearrangement\n")
    found = {b.text: b.context.polarity for c in result.criteria for b in c.biomarkers}
    assert found == {"HER2-negative": "required",                    # a negative result is what is required
                     "negative for estrogen receptor": "required",   # the cue is the record's own result
                     "KRAS mutation": "forbidden", "ALK rearrangement": "forbidden"}
    assert all(c.status == "structured" for c in result.criteria if c.biomarkers)


# --- the scorer --------------------------------------------------------------------------------------------------

def _record(text, start, gene, alteration="status", result="negative", **kw):
    return {"text": text, "start": start, "end": start + len(text), "gene": gene, "alteration": alteration,
            "result": result, **kw}


def test_matching_prefers_the_agreeing_pair():
    gold = [_record("triple-negative", 0, g) for g in ("ESR1", "PGR", "ERBB2")]
    pred = [_record("triple-negative", 0, g) for g in ("ERBB2", "ESR1", "PGR")]
    pairs, missed, extra = match_biomarkers(gold, pred)
    assert [(g["gene"], p["gene"]) for g, p in pairs] == [("ESR1", "ESR1"), ("PGR", "PGR"), ("ERBB2", "ERBB2")]
    assert missed == [] and extra == []


def test_score_counts_mentions_and_coding():
    gold = [_record("HER2-negative", 10, "ERBB2"), _record("KRAS mutation", 40, "KRAS", "mutation", None)]
    pred = [_record("HER2-negative", 10, "ERBB2", result="positive"), _record("EGFR", 80, "EGFR")]
    score = score_document(gold, pred)[0]
    assert (score.mention.tp, score.mention.fp, score.mention.fn) == (1, 1, 1)
    assert (score.coded.tp, score.coded.fp, score.coded.fn) == (0, 2, 2)
    assert score.accuracy("gene") == 1.0 and score.accuracy("result") == 0.0


def test_split_of_a_biomarker_gold_folder(tmp_path):
    folder = tmp_path / "biomarkers"
    folder.mkdir()
    (tmp_path / "biomarker_sample.tsv").write_text("id\tsplit\nNCT1\tdev\nNCT2\ttest\n", encoding="utf-8")
    assert split_docs(folder, "dev") == {"NCT1"}
    assert split_docs(folder, None) is None
