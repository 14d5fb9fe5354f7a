"""The pretraining text (training/pretrain.py): paragraphs of the legacy layout, packing, exclusions."""

import json
import zipfile

from trialcriteria.training.pretrain import gold_trial_ids, pack, paragraphs, write_pretrain_corpus

LEGACY = """
        Inclusion Criteria:

          -  Histologically confirmed adenocarcinoma of the
             prostate

          -  ECOG 0-1

        Exclusion Criteria:

          -

          -  Prior chemotherapy
"""


def test_paragraphs_join_wrapped_lines_and_drop_bullets_and_empty_items():
    assert paragraphs(LEGACY) == ["Inclusion Criteria:", "Histologically confirmed adenocarcinoma of the prostate",
                                  "ECOG 0-1", "Exclusion Criteria:", "Prior chemotherapy"]


def test_numbered_items_lose_their_number_but_a_value_at_line_start_stays():
    assert paragraphs("1. Age over 18\n\n2) 18 years or older") == ["Age over 18", "18 years or older"]


def test_pack_keeps_documents_under_the_word_limit_and_cuts_a_long_paragraph():
    docs = list(pack(["a b c", "d e", "f g h i", "j " * 12], max_words=5))
    assert docs == ["a b c\nd e", "f g h i", " ".join(["j"] * 5)]


def _bulk(tmp_path):
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    xml = ("<clinical_study><id_info><nct_id>NCT{}</nct_id></id_info><eligibility><criteria><textblock>"
           "Inclusion Criteria:\n\n - Adults with asthma {}\n</textblock></criteria></eligibility></clinical_study>")
    with zipfile.ZipFile(bulk / "legacy-xml-6771.zip", "w") as zf:
        zf.writestr("NCT0000xxxx/", "")
        zf.writestr("NCT0000xxxx/NCT00000001.xml", xml.format("00000001", "one"))
        zf.writestr("NCT0000xxxx/NCT00000002.xml", xml.format("00000002", "two"))
    with zipfile.ZipFile(bulk / "hint-criteria-4866.zip", "w") as zf:
        zf.writestr("NCT00000001.txt", "read already from the XML")
        zf.writestr("NCT00000003.txt", "Exclusion Criteria:\n\n - pregnancy three\n")
    return bulk


def test_corpus_excludes_the_given_trials_and_reads_a_trial_once(tmp_path):
    out = tmp_path / "raw.jsonl"
    counts = write_pretrain_corpus(_bulk(tmp_path), {"NCT00000002"}, out)
    texts = sorted(json.loads(line)["text"] for line in out.read_text().splitlines())
    assert texts == ["Exclusion Criteria:\npregnancy three", "Inclusion Criteria:\nAdults with asthma one"]
    assert counts["records"] == 2 and counts["excluded"] == 1
    assert counts["by_source"] == {"legacy-xml-6771.zip": 1, "hint-criteria-4866.zip": 1}


def test_gold_trial_ids_are_read_from_every_file(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "sample.tsv").write_text("id\tsplit\nNCT01234567\tdev\nNCT07654321\ttest\n")
    (tmp_path / "notes.json").write_text('{"trial": "NCT00000009"}')
    assert gold_trial_ids(tmp_path) == {"NCT01234567", "NCT07654321", "NCT00000009"}


def test_corpus_can_keep_only_the_first_shuffled_documents(tmp_path):
    out = tmp_path / "raw.jsonl"
    counts = write_pretrain_corpus(_bulk(tmp_path), set(), out, max_docs=2)
    assert len(out.read_text().splitlines()) == 2
    assert counts["docs"] == 2 and counts["docs_available"] == 3 and counts["records"] == 3
