from trialcriteria.segment.lines import match_line_marker, normalize_text, open_brackets, runin_markers, split_lines


def marker(text):
    return match_line_marker(text, len(text) - len(text.lstrip()), 0)


def test_split_lines_keeps_offsets_for_all_newline_kinds():
    text = "a\r\nbb\ncc\rd"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["a", "bb", "cc", "d"]
    assert all(text[ln.start : ln.end] == ln.text for ln in lines)


def test_numbered_lettered_roman_circled_and_bulleted_markers():
    cases = {
        "1. Age": ("num", ".", 1), "12) Age": ("num", ")", 12), "(3) Age": ("num", "()", 3),
        "(9)Pregnancy": ("num", "()", 9), "a. Cardio": ("alpha", ".", 1), "ii. Abdominal": ("roman", ".", 2),
        "③Hemoglobin": ("circ", "circ", 3), "1\\. Voluntary": ("num", ".", 1), "B) Cohort": ("ALPHA", ")", 2),
    }
    for text, (family, style, value) in cases.items():
        m = marker(text)
        assert m is not None, text
        assert (m.family, m.style, m.value) == (family, style, value), text
    for text, char in {"- item": "-", "* item": "*", "• item": "•", "· item": "·", "- - Hormonal": "-"}.items():
        m = marker(text)
        assert m is not None and m.family == "bullet" and m.style == char, text
    assert marker("- - Hormonal").text == "- -"


def test_numbers_in_text_are_not_markers():
    for text in ("1.5 x ULN", "0.5 mL/sec)", "2.5 ml) of red blood", "-INCLUSION", "**bold**", "e.g., warfarin", "10^9/L"):
        assert marker(text) is None, text


def test_i_is_both_a_roman_one_and_the_ninth_letter():
    m = marker("i. The subject")
    assert m.family == "roman" and m.value == 1 and m.alt_value == 9


def test_runin_candidates_need_a_sentence_end_before_and_no_lowercase_after():
    text = "within 12 months of entry. 3. Recovery to baseline; 1.5 x ULN; three (3) months; end (10)Other"
    found = [(m.text, m.value) for m in runin_markers(text, 0, len(text))]
    assert found == [("3.", 3), ("(10)", 10)]


def test_normalize_text_joins_wraps_hyphenation_and_escapes():
    assert normalize_text("granulocyte colony-\nstimulating factor") == "granulocyte colony-stimulating factor"
    assert normalize_text("ALT \\>= 2.5 x ULN and\n   mm\\^3") == "ALT >= 2.5 x ULN and mm^3"
    assert normalize_text("intra- abdominal\r\nabscess") == "intra- abdominal abscess"


def test_open_brackets_counts_only_what_stays_open():
    assert open_brackets("Males: (140") == 1
    assert open_brackets("- - age) x weight (kg)/(creatinine [mg/dL] × 72) Females: [(140") == 2
    assert open_brackets("(≥ 0.5 mL/sec)") == 0
