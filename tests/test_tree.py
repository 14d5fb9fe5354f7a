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
