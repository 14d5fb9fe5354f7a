"""The lexicons' build step (trialcriteria.lexicons.build): the shipped files equal a fresh build of their
sources, and the checks refuse what a hand edit could break."""

import pytest

from trialcriteria.lexicons.build import LexiconError, build, drug_classes, drugs, loinc_ok, unique_surfaces


def test_shipped_lexicons_equal_a_fresh_build_of_their_sources():
    assert build(write=False, report=lambda line: None) == []


def test_loinc_check_digits():
    # codes read from LOINC's own tables: ANC, platelets, IgM, creatinine
    for code in ("751-8", "777-3", "2472-9", "2160-0"):
        assert loinc_ok(code), code
    for code in ("751-7", "2472-4", "2160-1"):
        assert not loinc_ok(code), code


def test_a_drug_of_an_unknown_class_is_refused():
    with pytest.raises(LexiconError, match="unknown class"):
        drugs({"anticoagulants"}, [{"name": "warfarin", "classes": "coumarins", "atc": "B01AA03", "synonyms": ""}])


def test_a_class_with_an_unknown_parent_is_refused():
    rows = [{"id": "coumarins", "name": "coumarins", "parents": "anticoagulantz", "atc": "", "synonyms": ""}]
    with pytest.raises(LexiconError, match="unknown parent"):
        drug_classes(rows)


def test_a_surface_form_naming_two_entries_is_refused():
    classes = [{"id": "nsaids", "name": "nsaids", "parents": [], "atc": None, "synonyms": ["aspirin"]}]
    drug_list = [{"id": "aspirin", "name": "aspirin", "classes": ["nsaids"], "atc": ["N02BA01"], "synonyms": []}]
    with pytest.raises(LexiconError, match="names both"):
        unique_surfaces(classes, drug_list)


def test_a_malformed_atc_code_is_refused():
    drug_list = [{"id": "aspirin", "name": "aspirin", "classes": [], "atc": ["N02-BA01"], "synonyms": []}]
    with pytest.raises(LexiconError, match="no ATC code"):
        unique_surfaces([], drug_list)


def test_mesh_descent_by_descriptor_and_tree_number():
    """resources/mesh_parents.tsv: Brain Neoplasms (D001932) lies under Neoplasms (D009369, tree C04) and under
    Brain Diseases (C10.228.140), not under the digestive system diseases (C06)."""
    from trialcriteria.lexicons.mesh_parents import derive, mesh_tree

    tree = mesh_tree()
    assert tree.descends("D001932", "D009369", ())
    assert tree.descends("D001932", None, ["C04"]) and tree.descends("D001932", None, ["C10.228"])
    assert not tree.descends("D001932", None, ["C06"])
    assert not tree.descends("D009369", "D001932", ())          # a class does not descend from its member
    rows = [{"MESH_ID": "D2", "PARENT_MESH_ID": "D1", "PARENT_MESH_CATEGORY": "C01.1"}] * 2
    assert derive(rows) == [("D2", "D1", "C01.1")]


# The conditions lexicon (lexicons/mesh.py), on a tiny vocabulary written for these tests (tests/fixtures/vocab)

from pathlib import Path  # noqa: E402

from trialcriteria.lexicons.mesh import conditions_rows, gzip_jsonl, tree_numbers, uninvert  # noqa: E402

VOCAB = Path(__file__).parent / "fixtures" / "vocab"


def _rows(stop=frozenset({"lead"}), curated=None, icd=None) -> dict:
    return {r["id"]: r for r in conditions_rows(VOCAB, set(stop), curated or {}, icd or {})}


def test_inverted_mesh_terms_are_turned_back():
    assert uninvert("Carcinoma, Non-Small-Cell Lung") == "Non-Small-Cell Lung Carcinoma"
    assert uninvert("Leukemia, Myeloid, Acute") == "Leukemia, Myeloid, Acute"


def test_tree_numbers_of_a_leaf_are_its_parents_numbers_and_a_parent_has_its_own():
    assert tree_numbers("D009371", {"D009371": {"C04.588"}}, {"D009371": {"C04"}}) == ["C04.588"]
    assert tree_numbers("D002289", {}, {"D002289": {"C04.588.894"}}) == ["C04.588.894"]
    rows = _rows()
    assert rows["D002289"]["tree_numbers"] == ["C04.588.894"] and rows["D002289"]["parents"] == ["D008175"]
    assert rows["D009369"]["tree_numbers"] == ["C04"] and rows["D009369"]["parents"] == []


def test_only_disease_descriptors_are_kept_and_newer_ones_get_a_derived_parent():
    rows = _rows()
    assert "D008571" not in rows  # Men: no C or F03 tree number
    assert "D012008" not in rows  # Recurrence: a disease attribute
    assert "D000086382" not in rows  # COVID-19: not in the tree, no kept name inside its name
    # Adenocarcinoma of Lung is not in the tree: its head is a C-tree head, and the kept name "Adenocarcinoma" is
    # inside its name, so it is kept under Adenocarcinoma, with that descriptor's numbers
    assert rows["D000077192"]["parents"] == ["D000230"] and rows["D000077192"]["tree_numbers"] == ["C04"]
    assert "D000086382" in _rows(curated={"D000086382": ["covid"]})  # kept when a curated term names it


def test_terms_are_filtered_and_acronyms_kept_apart():
    rows = _rows()
    assert "high blood pressure" in rows["D006973"]["terms"]
    assert "lead" not in rows["D006973"]["terms"]  # the stop list
    assert rows["D002289"]["acronyms"] == ["NSCLC"] and "nsclc" not in rows["D002289"]["terms"]
    assert "non-small-cell lung carcinoma" in rows["D002289"]["terms"]  # uninverted
    assert all("disease" != t for r in rows.values() for t in r["terms"])  # generic words only


def test_a_curated_term_moves_to_its_descriptor():
    rows = _rows(curated={"D008175": ["cancer"]})
    assert "cancer" in rows["D008175"]["terms"] and "cancer" not in rows["D009369"]["terms"]


def test_icd10cm_codes_are_validated_against_the_code_list():
    rows = _rows()
    assert rows["D006973"]["icd10cm"] == ["I10"]  # X99.99 is no ICD-10-CM code
    assert rows["D002289"]["icd10cm"] == ["C34.90"]
    assert _rows(icd={"D006973": {"I15", "Q99.99.9"}})["D006973"]["icd10cm"] == ["I15"]


def test_the_gzipped_lexicon_is_byte_identical_on_every_build():
    rows = list(_rows().values())
    assert gzip_jsonl(rows) == gzip_jsonl(rows)


def test_the_procedure_vocabulary_refuses_unknown_kinds():
    from trialcriteria.lexicons.build import procedures

    with pytest.raises(LexiconError, match="unknown kind"):
        procedures([{"id": "x", "name": "x", "kind": "magic", "qualifier": "", "mesh_id": "", "synonyms": ""}])
