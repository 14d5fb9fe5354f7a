"""Drugs and drug classes: the lexicon graph (lexicons/drugs.py) and its forgiving lookup."""

import pytest

from trialcriteria.lexicons.drugs import lexicon, members


def test_drug_classes_and_members():
    lex = lexicon()
    assert len(lex.drugs) >= 400
    assert "warfarin" in members("coumarins") and "dabigatran" in members("direct thrombin inhibitors")
    assert {"ketoconazole", "itraconazole", "clarithromycin", "ritonavir"} <= set(members("strong CYP3A4 inhibitors"))
    assert {"enoxaparin", "dalteparin", "heparin"} <= set(members("anticoagulants"))  # through heparins
    assert lex.drug_classes("warfarin") == ["anticoagulants", "vka"]
    assert lex.class_classes("lmwh") == ["anticoagulants", "heparins", "lmwh"]
    # general-medicine classes that criteria exclude
    assert {"ciprofloxacin", "levofloxacin", "moxifloxacin"} <= set(members("fluoroquinolones"))
    assert {"ketamine", "propofol", "lidocaine", "bupivacaine"} <= set(members("anaesthetics"))
    assert "atorvastatin" in members("lipid-lowering therapy")  # statins sit under lipid modifying agents
    assert lex.lookup("Coartem") == ("drug", "artemether_lumefantrine")
    assert lex.lookup("NDHP-CCBs") == ("class", "non_dhp_ccb")
    with pytest.raises(KeyError):
        members("no such class")


@pytest.mark.parametrize("surface,expected", [
    ("anti-coagulants", ("class", "anticoagulants")),
    ("immunosuppressive", ("class", "immunosuppressants")),  # a class named by its adjective
    ("anti-depressive", ("class", "antidepressants")),
    ("oral antidiabetic treatment", ("class", "antidiabetics")),  # route and head word dropped
    ("long-standing", None), ("positive", None), ("aggressive", None),
])
def test_lexicon_lookup_forgives_forms(surface, expected):
    assert lexicon().lookup(surface) == expected
