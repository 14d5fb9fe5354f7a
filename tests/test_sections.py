import pytest

from trialcriteria.resources import segmenter_rules
from trialcriteria.segment.sections import find_header, find_layout
from trialcriteria.segment.lines import split_lines

from helpers import rows


@pytest.mark.parametrize(
    "line,section",
    [
        ("Inclusion Criteria:", "inclusion"),
        ("Inclusion Criteria", "inclusion"),
        ("Key Inclusion Criteria:", "inclusion"),
        ("* INCLUSION CRITERIA:", "inclusion"),
        ("-INCLUSION CRITERIA:", "inclusion"),
        ("1\\. Inclusion Criteria: Subjects must meet all of the following:", "inclusion"),
        ("Exclusion Criteria: Subjects who meet any of the following criteria will be excluded:", "exclusion"),
        ("Inclusion Criteria：", "inclusion"),
        ("        Exclusion Criteria:", "exclusion"),
        ("Eligibility criteria:", "eligibility"),
        ("DISEASE CHARACTERISTICS:", "nci"),
        ("PATIENT CHARACTERISTICS:", "nci"),
        ("PRIOR CONCURRENT THERAPY:", "nci"),
    ],
)
def test_header_variants(line, section):
    header = find_header(split_lines(line)[0], segmenter_rules())
    assert header is not None and header.section == section


@pytest.mark.parametrize("line", [
    "Inclusion in the study requires consent.",
    "Patients with prior exclusion from other trials",
    "Disease characteristics were recorded",
])
def test_sentences_that_mention_a_section_word_are_not_headers(line):
    assert find_header(split_lines(line)[0], segmenter_rules()) is None


def test_inline_header_keeps_its_content_and_drops_an_intro():
    text = ("Inclusion Criteria: Age 18 years or older\n"
            "Exclusion Criteria: Subjects who meet any of the following criteria will be excluded:\n"
            "* Pregnancy\n")
    got = rows(text)
    assert [(r[0], r[4]) for r in got] == [("inc-1", "Age 18 years or older"), ("exc-1", "Pregnancy")]


def test_headerless_second_numbered_list_is_exclusion():
    text = ("1. Age 18 to 75 years\n2. Signed informed consent\n3. ECOG performance status 0 or 1\n"
            "1. History of stroke within 6 months\n2. Pregnant or lactating\n3. Known hypersensitivity to the drug\n")
    got = rows(text)
    assert [r[2] for r in got] == ["inclusion"] * 3 + ["exclusion"] * 3
    assert all(r[1] is None for r in got)


def test_lone_headerless_list_is_unspecified():
    got = rows("* Age 18 or older\n* Able to swallow tablets\n")
    assert [r[2] for r in got] == ["unspecified", "unspecified"]


def test_empty_criteria_gives_a_warning_not_an_error():
    layout = find_layout("  \n\n ", registry_field=True)
    assert layout.blocks == [] and layout.warnings[0].code == "empty_criteria"


def test_region_of_a_pasted_page_stops_at_page_furniture():
    page = ("Study title\nSome summary text about the drug.\n"
            "Inclusion Criteria:\n- Age ≥ 18 years\nExclusion Criteria:\n- Pregnancy or lactation\n\n"
            "To learn more about this study, you or your doctor may contact the study research staff.\n"
            "Contact: Jane Doe | 555 0100\n")
    got = rows(page, registry=False)
    assert [r[4] for r in got] == ["Age ≥ 18 years", "Pregnancy or lactation"]


def test_prose_in_a_paper_keeps_only_eligibility_sentences():
    paper = ("Methods\n\nThe trial was run at 10 centers. Subjects were eligible if they were adults with "
             "metastatic disease. Patients with active infection were excluded. The primary endpoint was ORR.\n")
    got = rows(paper, registry=False)
    assert [(r[2], r[4]) for r in got] == [
        ("inclusion", "Subjects were eligible if they were adults with metastatic disease."),
        ("exclusion", "Patients with active infection were excluded."),
    ]
