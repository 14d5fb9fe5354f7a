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


# -- timing, windows, evidence, lexicon growth ----------------------------------------------------------------------

from functools import lru_cache  # noqa: E402

from trialcriteria.extract.drugs import drug_rules, has_evidence  # noqa: E402


@lru_cache(maxsize=1)
def _parse(block: str):
    import trialcriteria as tc

    return tc.parse(block)


def _drugs(line: str, section: str = "Exclusion") -> list[tuple[str, str, str, int | None]]:
    """(text, id, timing, window) of each drug record of one criterion."""
    result = _parse(f"{section} Criteria:\n- {line}\n")
    crit = [c for c in result.criteria if c.kind == "item"]
    assert len(crit) == 1, [c.text for c in result.criteria]
    return [(" ".join(d.text.split()), d.id, d.timing, d.window) for d in crit[0].drugs]


@pytest.mark.parametrize("line,expected", [
    ("No prior chemotherapy", [("chemotherapy", "chemotherapy", "prior", None)]),
    ("No concurrent hormonal therapy", [("hormonal therapy", "hormonal_therapy", "current", None)]),
    ("Known hypersensitivity to paclitaxel or docetaxel",
     [("paclitaxel", "paclitaxel", "any", None), ("docetaxel", "docetaxel", "any", None)]),
    ("Contraindication to the use of haloperidol", [("haloperidol", "haloperidol", "any", None)]),
    ("Patients on a stable dose of warfarin", [("warfarin", "warfarin", "current", None)]),
    ("Planned receipt of any live vaccine during the study", [("live vaccine", "live_vaccines", "planned", None)]),
    ("Prior or concurrent tamoxifen", [("tamoxifen", "tamoxifen", "prior", None)]),  # the first named
    ("Current or planned use of tamoxifen", [("tamoxifen", "tamoxifen", "current", None)]),
    ("Patients requiring treatment with ACE inhibitors", [("ACE inhibitors", "ace_inhibitors", "current", None)]),
    ("Refractory to imatinib", [("imatinib", "imatinib", "prior", None)]),
])
def test_drug_timing_from_cues(line, expected):
    assert _drugs(line) == expected


def test_drug_timing_from_the_window_that_bounds_it():
    # both drugs of the list before the window are bounded by it (window 0), and were taken before
    assert _drugs("Use of ACE inhibitor or angiotensin-receptor blocker in the 3 months before the inclusion visit") == [
        ("ACE inhibitor", "ace_inhibitors", "prior", 0), ("angiotensin-receptor blocker", "arbs", "prior", 0)]
    # "since" runs from the drug: the window before it bounds it
    assert _drugs("At least 4 weeks since prior chemotherapy", "Inclusion") == [
        ("chemotherapy", "chemotherapy", "prior", 0)]
    # a weak cue ("chronic") yields to the window; the drug named in the window's anchor is the trial's own
    assert _drugs("Chronic administration of immunosuppressants within 6 months prior to the first dose") == [
        ("immunosuppressants", "immunosuppressants", "prior", 0)]
    # a state that lasts ("stable ... for 4 weeks") is current use
    assert _drugs("Stable dose of corticosteroids for 4 weeks prior to enrollment", "Inclusion") == [
        ("corticosteroids", "corticosteroids", "current", 0)]


def test_drug_named_as_the_anchor_of_a_window_is_planned():
    found = _drugs("Chemotherapy within 2 weeks prior to initiation of treatment with cabozantinib")
    assert found == [("Chemotherapy", "chemotherapy", "prior", 0), ("cabozantinib", "cabozantinib", "planned", None)]


def test_items_take_the_timing_of_their_heading():
    result = _parse("Exclusion Criteria:\n- Any of the following within 3 months before study entry:\n"
                    "  - cyclophosphamide\n  - cyclosporine\n")
    items = {c.text: [(d.id, d.timing) for d in c.drugs] for c in result.criteria}
    assert items["cyclophosphamide"] == [("cyclophosphamide", "prior")]
    assert items["cyclosporine"] == [("cyclosporine", "prior")]


@pytest.mark.parametrize("surface,after,before,expected", [
    ("PX-866", "", "", True),              # a code name
    ("Toca 511", "", "", True),
    ("BL-B01D1", "", "", True),
    ("Entereg", "(R).", "", True),          # a trademark sign after it
    ("zibotentan", " 10 mg daily", "", True),  # a dose after it
    ("Definity", "", "", False),            # a bare unknown word: no evidence
    ("namixilab", "", "hypersensitivity to ", True),  # the object of an allergy
    ("alpha-2 agonists", "", "", True),     # the head of a class
    ("psychoactive drug", "", "", True),
    ("certain medications", "", "", False),  # generic modifiers
    ("maintenance medications", "", "", False),
    ("compounds of similar chemical or biologic", "", "reactions attributed to ", False),
    ("evaluated", "", "", False), ("RT-PCR", "", "", False), ("psychotropic drug abuse", "", "", False),
    ("running", "", "", False), ("ABL2", "", "", False), ("MSH-2", "", "", False), ("adolescents", "", "", False),
    ("imipramine", "", "", True), ("posaconazolum", "", "", False),  # a suffix ("-pramine"), not a Latin ending
])
def test_model_only_drug_needs_evidence(surface, after, before, expected):
    assert has_evidence(surface, after, before) is expected


def test_model_only_drug_listed_with_lexicon_drugs_is_kept():
    assert has_evidence("Definityx", "", "", sibling=True)


def test_lexicon_covers_general_medicine():
    lex = lexicon()
    assert len(lex.drugs) >= 1000 and len(lex.classes) >= 230
    assert {"ceftriaxone", "cefazolin"} <= set(members("cephalosporins"))
    assert {"meropenem"} <= set(members("carbapenems")) and "gentamicin" in members("aminoglycosides")
    assert "ceftriaxone" in members("antibiotics")  # through the parent
    assert {"zolpidem", "eszopiclone", "suvorexant", "ramelteon"} <= set(members("hypnotics and sedatives"))
    assert {"pregabalin", "gabapentin"} <= set(members("antiepileptics"))
    assert {"imipramine", "nortriptyline"} <= set(members("tricyclic antidepressants"))
    assert {"guselkumab", "risankizumab"} <= set(members("IL-23 inhibitors"))
    assert "ferrous sulfate" in members("iron preparations")
    assert "leucovorin" in members("detoxifying agents for antineoplastic treatment")
    assert lex.lookup("NNRTIs") == ("class", "nnrti")
    assert lex.lookup("folinic acid") == ("drug", "leucovorin")
    assert lex.lookup("IVIG") == ("drug", "normal_human_immunoglobulin")
    assert lex.lookup("Gliadel") == ("drug", "carmustine")
    assert lex.drugs["mesalamine"].atc == ["A07EC02"]
    assert lex.drug_classes("zolpidem") == ["sedatives", "z_drugs"]


def test_lookup_forgives_brackets_heads_and_spelling_variants():
    lex = lexicon()
    assert lex.lookup("phosphatidylinositol-3-kinase (PI-3K) inhibitor") == ("class", "pi3k_inhibitors")
    assert lex.lookup("anti-arrhythmic drug therapy") == ("class", "antiarrhythmics")
    assert lex.lookup("Angiotensin Converting Enzyme Inhibitor") == ("class", "ace_inhibitors")
    assert lex.lookup("Entereg(R)") == ("drug", "alvimopan")


@pytest.mark.parametrize("word,expected", [
    ("nivarapine", ("drug", "nevirapine")), ("loratidine", ("drug", "loratadine")),
    ("delaviridine", ("drug", "delavirdine")), ("parvastatin", ("drug", "pravastatin")),
    ("apatinibb", None),     # 9 letters, 1 edit from two names? none within reach of a single name: apatinib
    ("afatinob", None),      # under 9 letters: short names differ by a letter (apatinib / afatinib)
    ("namixilab", None),
])
def test_misspelled_drug_names(word, expected):
    assert lexicon().fuzzy(word) == (expected if word != "apatinibb" else ("drug", "apatinib"))


def test_spelling_variants_do_not_reach_other_names():
    lex = lexicon()
    syn = set(lex.classes["hematopoietic_growth_factors"].synonyms)
    assert "growth factor" not in syn  # would name "epidermal growth factor receptor"
    assert "biologic" not in set(lex.classes["biologics"].synonyms)  # "biologic composition"
    assert "ACE inhibitor" in lex.classes["ace_inhibitors"].synonyms


def test_shared_head_and_merged_head_and_records_that_are_not_drugs():
    found = _drugs("Administration of any pneumococcal, tetanus, polio or hepatitis B vaccines other than the "
                   "study vaccines")
    assert [(t, i) for t, i, _, _ in found] == [
        ("pneumococcal", "pneumococcal_vaccine"), ("tetanus", "tetanus_toxoid"), ("polio", "polio_vaccine"),
        ("hepatitis B", "hepatitis_b_vaccine")]
    assert [i for _, i, _, _ in _drugs("Allergy to selective serotonin inhibitor antidepressants")] == ["ssri"]
    assert _drugs("Post-bronchodilator FEV1 < 70%", "Inclusion") == []
    # a PDQ label names the category of the statement after it; the statement's own mention stays
    assert [t for t, *_ in _drugs("Chemotherapy: No prior chemotherapy", "Inclusion")] == ["chemotherapy"]


def test_timing_rules_validate():
    rules = drug_rules().rules
    assert {c.timing for c in rules.cues} == {"prior", "current", "planned", "any"}


def test_code_names_need_a_drug_context():
    assert [(t, i) for t, i, _, _ in _drugs("Chemotherapy within 4 weeks prior to starting PX-866")] == [
        ("Chemotherapy", "chemotherapy"), ("PX-866", "unknown")]
    assert [t for t, *_ in _drugs("Unable to swallow Toca FC tablets")] == ["Toca FC"]
    # the same shape without a drug context is a marker or a gene, not a drug
    assert _drugs("CA-125 above 35 U/mL", "Inclusion") == []
    assert _drugs("Known CYP450 polymorphism") == []
