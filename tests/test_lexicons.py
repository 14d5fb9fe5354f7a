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
    from trialcriteria.lexicons.mesh import derive, mesh_tree

    tree = mesh_tree()
    assert tree.descends("D001932", "D009369", ())
    assert tree.descends("D001932", None, ["C04"]) and tree.descends("D001932", None, ["C10.228"])
    assert not tree.descends("D001932", None, ["C06"])
    assert not tree.descends("D009369", "D001932", ())          # a class does not descend from its member
    rows = [{"MESH_ID": "D2", "PARENT_MESH_ID": "D1", "PARENT_MESH_CATEGORY": "C01.1"}] * 2
    assert derive(rows) == [("D2", "D1", "C01.1")]
