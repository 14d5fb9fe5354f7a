"""The criterion tree on small texts written for each rule (expected trees from reading the text)."""

from helpers import parse_text, rows


def test_runin_items_split_but_numbers_in_text_do_not():
    text = ("Inclusion Criteria:\n"
            "1. Progression within 12 months of entry. 2. Bilirubin ≤ 1.5 x ULN per RECIST 1.1 (≥ 0.5 mL/sec).\n"
            "3. Life expectancy of three (3) months\n")
    got = rows(text)
    assert [(r[0], r[3], r[4]) for r in got] == [
        ("inc-1", "1.", "Progression within 12 months of entry."),
        ("inc-2", "2.", "Bilirubin ≤ 1.5 x ULN per RECIST 1.1 (≥ 0.5 mL/sec)."),
        ("inc-3", "3.", "Life expectancy of three (3) months"),
    ]


def test_restart_nests_and_continuation_returns_to_the_outer_list():
    text = ("Inclusion Criteria:\n1. Age 18 or older\n2. Adequate organ function:\n"
            "1. ANC ≥ 1500/µL\n2. Platelets ≥ 100,000/µL\n3. Hemoglobin ≥ 9 g/dL. 3. Signed consent\n")
    got = rows(text)
    assert [(r[0], r[1], r[4]) for r in got] == [
        ("inc-1", None, "Age 18 or older"),
        ("inc-2", None, "Adequate organ function:"),
        ("inc-2.1", "inc-2", "ANC ≥ 1500/µL"),
        ("inc-2.2", "inc-2", "Platelets ≥ 100,000/µL"),
        ("inc-2.3", "inc-2", "Hemoglobin ≥ 9 g/dL."),
        ("inc-3", None, "Signed consent"),  # "3." after the nested "3." can only continue the outer list
    ]


def test_markdown_indentation_nests_and_escapes_are_normalized():
    text = ("Inclusion Criteria:\n\n* Refractory to therapy. Specifically:\n\n  * Colorectal cancer\n"
            "  * ANC \\>= 1500/mm\\^3\n* ECOG 0-1\n")
    r = parse_text(text)
    assert [(c.id, c.parent_id, c.text) for c in r.criteria] == [
        ("inc-1", None, "Refractory to therapy. Specifically:"),
        ("inc-1.1", "inc-1", "Colorectal cancer"),
        ("inc-1.2", "inc-1", "ANC >= 1500/mm^3"),
        ("inc-2", None, "ECOG 0-1"),
    ]
    assert r.eligibility_text[r.criteria[2].start : r.criteria[2].end] == "ANC \\>= 1500/mm\\^3"


def test_legacy_xml_columns_and_hanging_continuations():
    text = ("\n        Inclusion Criteria:\n\n"
            "          -  Histologically confirmed small cell lung cancer with one of the following\n"
            "             features:\n\n"
            "               -  limited stage\n\n"
            "               -  extensive stage treated with\n"
            "                  chemotherapy\n\n"
            "          -  Age 18 and over\n")
    r = parse_text(text)
    assert [(c.id, c.parent_id, c.text) for c in r.criteria] == [
        ("inc-1", None, "Histologically confirmed small cell lung cancer with one of the following features:"),
        ("inc-1.1", "inc-1", "limited stage"),
        ("inc-1.2", "inc-1", "extensive stage treated with chemotherapy"),
        ("inc-2", None, "Age 18 and over"),
    ]


def test_hard_wrapped_lines_and_hyphenation_are_joined():
    text = ("Inclusion Criteria:\n"
            "1. Absolute neutrophil count (ANC) ≥ 1500/µL without granulocyte colony-\n"
            "stimulating factor support within 14 days before the first dose of study\n"
            "treatment, and platelets ≥ 100,000/µL without transfusion in the 14 days before\n"
            "the first dose of study treatment.\n"
            "2. Hemoglobin ≥ 9 g/dL without transfusion in the 14 days before the first dose\n"
            "of study treatment.\n")
    r = parse_text(text)
    assert len(r.criteria) == 2
    assert "granulocyte colony-stimulating factor support" in r.criteria[0].text
    assert r.criteria[1].text == "Hemoglobin ≥ 9 g/dL without transfusion in the 14 days before the first dose of study treatment."


def test_empty_bullets_notes_and_circled_runins():
    text = ("Inclusion Criteria:\n-\nAdequate organ function:\n-\nAbsolute neutrophil count ≥1.5×10⁹/L\n"
            "- Platelets ≥100×10⁹/L ③Hemoglobin ≥8 g/dL\n"
            "Exclusion Criteria:\n(1) Active CNS metastases.\n-\n"
            "Exception: Subjects with treated brain metastases may enroll. Note: meningitis excluded.\n"
            "(2) Major surgery within 28 days.\n")
    got = rows(text)
    assert [(r[0], r[1], r[3], r[4]) for r in got] == [
        ("inc-1", None, "-", "Adequate organ function:"),
        ("inc-1.1", "inc-1", "-", "Absolute neutrophil count ≥1.5×10⁹/L"),
        ("inc-1.2", "inc-1", "-", "Platelets ≥100×10⁹/L"),
        ("inc-1.3", "inc-1", "③", "Hemoglobin ≥8 g/dL"),
        ("exc-1", None, "(1)", "Active CNS metastases."),
        ("exc-1.1", "exc-1", "-", "Exception: Subjects with treated brain metastases may enroll."),
        ("exc-1.2", "exc-1", None, "Note: meningitis excluded."),
        ("exc-2", None, "(2)", "Major surgery within 28 days."),
    ]


def test_pasted_lists_recover_nesting_from_label_and_semicolon_patterns():
    text = ("Inclusion Criteria:\n- Age ≥ 18 years\n-\nAdequate organ function:\n"
            "- Hematologic: ANC ≥ 1.5 × 10⁹/L\n- Renal: creatinine clearance ≥ 60 mL/min\n"
            "- ECOG Performance Status 0 - 1\n"
            "Exclusion Criteria:\n-\nImmunosuppressants, EXCEPT for the following:\n"
            "- inhaled steroids;\n- steroids ≤ 10 mg/day of prednisone;\n- steroids as premedication\n"
            "- Prior organ transplantation\n")
    got = rows(text)
    assert [(r[0], r[1]) for r in got] == [
        ("inc-1", None), ("inc-2", None), ("inc-2.1", "inc-2"), ("inc-2.2", "inc-2"), ("inc-3", None),
        ("exc-1", None), ("exc-1.1", "exc-1"), ("exc-1.2", "exc-1"), ("exc-1.3", "exc-1"), ("exc-2", None),
    ]


def test_a_formula_wrapped_over_lines_is_not_a_bullet_list():
    text = ("Inclusion Criteria:\n"
            "1. Creatinine clearance ≥ 50 mL/min using the Cockcroft-Gault equation as follows:\n"
            "Males: (140\n- age) x weight (kg)/(serum creatinine [mg/dL] × 72) and for females the\n"
            "same result multiplied by 0.85 (women have a lower muscle mass on average).\n"
            "2. Life expectancy greater than 12 weeks, according to the judgement of the study\n"
            "investigator at the time of screening.\n")
    got = rows(text)
    assert [r[0] for r in got] == ["inc-1", "inc-2"]
    assert got[0][4].endswith("on average).")


def test_every_offset_slices_the_raw_text():
    text = "Inclusion Criteria:\r\n* A \\> 1\r\n  * B\r\n\r\nExclusion Criteria:\r\n1. C\r\n"
    r = parse_text(text)
    for c in r.criteria:
        raw = r.eligibility_text[c.start : c.end]
        assert raw == raw.strip() and raw
    assert [r.eligibility_text[c.start : c.end] for c in r.criteria] == ["A \\> 1", "B", "C"]


# ------------------------------------------------------------------- real-distribution classes (issue 12)

def test_header_variants_with_trailing_punctuation_open_their_sections():
    text = ("Inclusion Criteria--\n- Age 18 or older\nExclusion Criteria.\n- Pregnant\nInclusion Criteria*:\n"
            "- Signed consent\nExclusion Criteria(all must be absent):\n- Active infection")
    got = [(sec, raw) for _, _, sec, _, raw in rows(text)]
    assert got == [("inclusion", "Age 18 or older"), ("exclusion", "Pregnant"), ("inclusion", "Signed consent"),
                   ("exclusion", "Active infection")]


def test_a_sentence_naming_the_inclusion_criteria_is_their_header():
    text = ("Subjects must meet all the following inclusion criteria to be eligible:\n1. Age 18-65\n2. Signed consent\n"
            "Exclusion Criteria:\n1. Pregnancy")
    assert [(sec, raw) for _, _, sec, _, raw in rows(text)] == [
        ("inclusion", "Age 18-65"), ("inclusion", "Signed consent"), ("exclusion", "Pregnancy")]


def test_an_introduction_addressed_to_the_reader_belongs_to_the_header():
    r = parse_text("Inclusion Criteria\n\nYou may be eligible for this study if you:\n\n  -  Are HIV-positive.\n"
                   "  -  Are at least 18 years old.\n")
    assert [c.text for c in r.criteria] == ["Are HIV-positive.", "Are at least 18 years old."]
    assert all(c.parent_id is None for c in r.criteria)
    assert r.headers[0].text.endswith("if you:")


def test_eligibility_header_followed_by_exclusion_is_inclusion():
    r = parse_text("Eligibility criteria:\n- Adults\n- Consent\nExclusion criteria:\n- Pregnancy")
    assert [c.section for c in r.criteria] == ["inclusion", "inclusion", "exclusion"]


def test_a_placeholder_field_states_no_criterion_and_says_so():
    r = parse_text("Please contact site for information.")
    assert r.criteria == []
    assert [w.code for w in r.warnings] == ["no_criteria_stated"]
    assert r.eligibility_text[r.warnings[0].start : r.warnings[0].end] == "Please contact site for information."


def test_a_connector_line_groups_the_items_it_joins():
    r = parse_text("Inclusion Criteria:\n- Histologic NSCLC\nOR\n- Cytologic NSCLC\n- Age >= 18\n"
                   "Exclusion Criteria:\n- A\n- OR\n- B\n- or\n- C")
    tree = [(c.id, c.parent_id, c.kind, c.logic, c.text) for c in r.criteria]
    assert tree[:4] == [("inc-1", None, "group", "any", "OR"), ("inc-1.1", "inc-1", "item", None, "Histologic NSCLC"),
                        ("inc-1.2", "inc-1", "item", None, "Cytologic NSCLC"), ("inc-2", None, "item", None, "Age >= 18")]
    assert [t[4] for t in tree if t[1] == "exc-1"] == ["A", "B", "C"]  # one group of three: a chain
    assert not [w for w in r.warnings if w.code == "unread_text"]


def test_logic_of_nodes_with_children():
    r = parse_text("Inclusion Criteria:\n1. Adequate organ function:\n   a. ANC >= 1500\n   b. Platelets >= 100000\n"
                   "2. One of the following:\n   a. Stage III\n   b. Stage IV\n3. At least two of the following:\n"
                   "   a. X\n   b. Y\n   c. Z\nExclusion Criteria:\n1. Cardiac disease, including:\n   a. MI\n   b. CHF")
    logic = {c.text: (c.logic, c.min_count) for c in r.criteria if c.logic}
    assert logic == {"Adequate organ function:": ("all", None), "One of the following:": ("any", None),
                     "At least two of the following:": ("any", 2), "Cardiac disease, including:": ("any", None)}


def test_joined_pdq_lines_are_cut_into_labelled_statements():
    text = ("        DISEASE CHARACTERISTICS: Cytologically confirmed chronic myelogenous\n"
            "        leukemia (CML) Diagnosed within 12 months\n\n"
            "        PATIENT CHARACTERISTICS: Age: 12 and over Performance status: Zubrod 0-2 Hepatic:\n"
            "        Bilirubin less than 2 mg/dL Transaminases no greater than 2 times normal Other: Not pregnant\n")
    r = parse_text(text)
    tree = [(c.kind, c.text, next((p.text for p in r.criteria if p.id == c.parent_id), None)) for c in r.criteria]
    assert tree == [
        ("item", "Cytologically confirmed chronic myelogenous leukemia (CML)", None),
        ("item", "Diagnosed within 12 months", None),
        ("heading", "Age:", None), ("item", "12 and over", "Age:"),
        ("heading", "Performance status:", None), ("item", "Zubrod 0-2", "Performance status:"),
        ("heading", "Hepatic:", None), ("item", "Bilirubin less than 2 mg/dL", "Hepatic:"),
        ("item", "Transaminases no greater than 2 times normal", "Hepatic:"),
        ("heading", "Other:", None), ("item", "Not pregnant", "Other:")]


def test_text_no_criterion_holds_is_a_warning_with_offsets():
    r = parse_text("Inclusion Criteria:\n- Age >= 18\nProtocol Number: X-1 Page 3 of 10\n- Consent")
    unread = [w for w in r.warnings if w.code == "unread_text"]
    assert [r.eligibility_text[w.start : w.end] for w in unread] == ["Protocol Number: X-1 Page 3 of 10"]


def test_an_unmarked_paragraph_inside_a_list_stays_a_sibling():
    r = parse_text("Inclusion Criteria:\n\n* A\n* B\n\nC is a paragraph.\n\n* D\n* E\n")
    assert [(c.text, c.parent_id) for c in r.criteria] == [("A", None), ("B", None), ("C is a paragraph.", None),
                                                            ("D", None), ("E", None)]


def test_a_prose_sentence_listing_criteria_holds_one_item_per_criterion():
    text = ("Key exclusion criteria included a history of heart failure (NYHA II, III, IV), baseline prolongation "
            "of QTcF (>450 ms), concurrent use of anticoagulants, platelet inhibitors or corticosteroids, and "
            "presence of bowel obstruction.")
    r = parse_text(text, registry=True)
    assert [(c.kind, c.text) for c in r.criteria] == [
        ("sentence", "Key exclusion criteria included"),
        ("item", "a history of heart failure (NYHA II, III, IV)"), ("item", "baseline prolongation of QTcF (>450 ms)"),
        ("item", "concurrent use of anticoagulants, platelet inhibitors or corticosteroids"),
        ("item", "presence of bowel obstruction.")]
    assert r.criteria[0].logic == "any"
