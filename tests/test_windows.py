"""Time windows (extract/windows.py) on sentences written for each rule."""

from trialcriteria.extract.windows import extract_windows


def windows(text):
    return [(w.comparator, w.duration, w.half_lives, w.combine, w.direction, w.anchor, w.kind) for w in extract_windows(text)]


def test_time_windows_with_anchors_and_iso_durations():
    assert windows("Major surgery within 4 weeks prior to study enrolment.") == [
        ("within", "P4W", None, None, "before", "enrollment", "window")]
    assert windows("Radiologic progression within 12 months of entry.") == [
        ("within", "P12M", None, None, "before", "enrollment", "window")]
    assert windows("Live vaccination within 30 days prior to first dose.") == [
        ("within", "P30D", None, None, "before", "first_dose", "window")]
    assert windows("Negative pregnancy test within 72 hours prior to dosing") == [
        ("within", "PT72H", None, None, "before", "first_dose", "window")]


def test_compound_rule_whichever_is_longer():
    text = "kinase inhibitor within 2 weeks or 5 half-lives of the agent, whichever is longer, before first dose of study treatment"
    assert windows(text) == [("within", "P2W", 5.0, "max", "before", "first_dose", "window")]


def test_state_durations():
    assert windows("stable for at least 4 weeks prior to first dose of study treatment")[0][:6] == (
        "at_least", "P4W", None, None, "before", "first_dose")
    assert windows("stable for at least 4 weeks prior to first dose")[0][6] == "state_duration"
    assert windows("12 months of amenorrhea")[0][:2] == ("at_least", "P12M")
    assert windows("use contraception during the study and for 4 months after the last dose of study drug")[0] == (
        "at_least", "P4M", None, None, "after", "last_dose", "state_duration")


def test_for_a_period_before_an_anchor():
    # an event in that period: within; a state held for that period: at least
    assert windows("Intake of prohibited medicines for 1 month prior to the enrollment in the trial.")[0][:6] == (
        "within", "P1M", None, None, "before", "enrollment")
    assert windows("on a stable dose for 4 weeks prior to randomization")[0][:6] == (
        "at_least", "P4W", None, None, "before", "randomization")
    assert windows("postmenopausal (defined as 24 consecutive months without menses before screening)")[0] == (
        "at_least", "P24M", None, None, "before", "screening", "state_duration")
    assert windows("antibiotics in the past three months (before baseline appointment)")[0][:6] == (
        "within", "P3M", None, None, "before", "screening")
    assert windows("chronic opiate use in the one year period prior to the bariatric surgery")[0][:6] == (
        "within", "P1Y", None, None, "before", "surgery")


def test_frequencies_ages_and_life_expectancy_are_not_windows():
    assert windows("avelumab every 2 weeks; aged 18 years or older; life expectancy of at least 12 weeks; 28-day cycles") == []


def test_shared_anchor_across_or():
    got = windows("radiation therapy for bone metastasis within 2 weeks or any other radiation therapy within 4 weeks before first dose")
    assert [(w[1], w[5]) for w in got] == [("P2W", "first_dose"), ("P4W", "first_dose")]


# --- the real distribution: each test names a class of wording, in sentences written for it --------------------


def keyed(text):
    """(duration, duration_high, comparator, anchor) of each window."""
    return [(w.duration, w.duration_high, w.comparator, w.anchor) for w in extract_windows(text)]


def test_ages_life_expectancy_frequencies_and_adjectives_are_not_windows():
    for text in ("Age >= 18 years and <= 72 years",
                 "Age - 18-70 years",
                 "Male or female between the ages of 6 months and 17 years",
                 "Aged 18 to 60 years, or 61 years or above on the day of inclusion",
                 "Adults (aged >= 18 years)",
                 "Age greater than three months",
                 "Age at entry at least 21 years",
                 "Expected survival duration of more than 3 months",
                 "Life expectancy: at least 12 weeks",
                 "Life expectancy greater than or equal to (>/=) 12 weeks",
                 "Unlikely to survive more than 2 weeks",
                 "Associated with a limited life expectancy (i.e., less than one year)",
                 "Patients with an expected lifespan of < 24 hours",
                 "Physical activity 3 times a week",
                 "Agitation present at least 10 days per month",
                 "Able to complete a 7-day food diary",
                 "Two additional ECGs at intervals of approximately 5 min",
                 "Healthy infants 6-12 weeks old",
                 "Recovered from prior therapy"):
        assert extract_windows(text) == [], text


def test_a_lone_duration_under_a_label_is_no_window_but_a_lone_state_is():
    assert extract_windows("At least 12 weeks") == []  # "Life expectancy:" is the heading it sits under
    assert windows("for at least 6 months")[0][0::6] == ("at_least", "state_duration")


def test_half_lives_and_whichever_in_every_position():
    assert windows("Any investigational agent within 21 days or 5 half-lives (whichever is shorter) prior to the first "
                   "dose of study drug") == [("within", "P21D", 5.0, "min", "before", "first_dose", "window")]
    assert windows("Prior therapy within 4 weeks, or five half-lives, whichever is longer, prior to start of study "
                   "treatment") == [("within", "P4W", 5.0, "max", "before", "first_dose", "window")]
    assert windows("A strong CYP3A4 inhibitor within 5 half-lives or 14 days [whichever is longer] before Day 1") == [
        ("within", "P14D", 5.0, "max", "before", "first_dose", "window")]
    assert windows("Contraindicated medications within 2 weeks or 10 half-lives (if known), whichever was longer, prior "
                   "to the first dose of study drug") == [("within", "P2W", 10.0, "max", "before", "first_dose", "window")]
    assert windows("Any investigational drug 4 weeks prior to randomization, or 5 half-lives, if known (whichever is "
                   "longer)") == [("within", "P4W", 5.0, "max", "before", "randomization", "window")]
    assert windows("No investigational agent within the longer of 30 days or 10 half-lives of the agent")[0][:4] == (
        "within", "P30D", 10.0, "max")
    assert windows("Patients starting infliximab less than three half-lives after the discontinuation of a previous "
                   "anti-TNF therapy") == [("less_than", None, 3.0, None, "after", "last_dose", "window")]


def test_anchors_written_in_many_ways():
    cases = {
        "Major surgery within 14 days before signing the informed consent": ("P14D", "before", "consent"),
        "Chemotherapy within 3 weeks before the baseline visit": ("P3W", "before", "screening"),
        "Hospitalization within 3 months prior to Visit 1": ("P3M", "before", "screening"),
        "Antibiotics within 10 days prior to V1": ("P10D", "before", "screening"),
        "Live vaccine within 30 days of study entry": ("P30D", "before", "enrollment"),
        "Other trials during the 90 days before the start of this study": ("P90D", "before", "enrollment"),
        "Participation in another study within 30 days of their enrollment in this study": ("P30D", "before", "enrollment"),
        "Live vaccine within 28 days before study randomization": ("P28D", "before", "randomization"),
        "Amenorrhea of less than 12 months at the time of randomization": ("P12M", "before", "randomization"),
        "Antibiotics within 14 days before the first study drug administration": ("P14D", "before", "first_dose"),
        "Chemotherapy within 2 weeks prior to initiation of treatment with ABX-101": ("P2W", "before", "first_dose"),
        "Active infection within 7 days before beginning treatment": ("P7D", "before", "first_dose"),
        "Aspirin within 10 days prior to Day 1": ("P10D", "before", "first_dose"),
        "Any vaccine within one month preceding the booster dose of study vaccine": ("P1M", "before", "first_dose"),
        "Receipt of any vaccine in the 4 weeks preceding the trial vaccination": ("P4W", "before", "event"),
        "Positive urine drug screen the week prior to admission": ("P1W", "before", "enrollment"),
        "Salvage surgery within 12 hours of hospital admission": ("PT12H", "after", "event"),
        "Relapse within 100 days after transplant": ("P100D", "after", "event"),
        "Enrolled within 12 months of initial histological diagnosis": ("P12M", "after", "diagnosis"),
        "Corticosteroids within 28 days prior to and throughout the study": ("P28D", "before", "enrollment"),
        "MAO inhibitors within 14 days prior to surgery": ("P14D", "before", "surgery"),
        "Recurrence at least 12 weeks after the end of prior radiation therapy": ("P12W", "after", "event"),
        "Gliadel wafer less than 30 days from the date of planned resection": ("P30D", "before", "surgery"),
    }
    for text, (duration, direction, anchor) in cases.items():
        got = extract_windows(text)
        assert [(w.duration, w.direction, w.anchor) for w in got] == [(duration, direction, anchor)], text


def test_the_end_of_treatment_is_the_last_dose():
    assert windows("Use contraception during treatment and for 6 months after the end of treatment")[0][:6] == (
        "at_least", "P6M", None, None, "after", "last_dose")
    assert windows("Effective contraception while on treatment and for at least 3 months thereafter")[0] == (
        "at_least", "P3M", None, None, "after", "last_dose", "state_duration")
    assert windows("Agree to practice birth control through 30 days after stopping study drug")[0][:6] == (
        "at_least", "P30D", None, None, "after", "last_dose")
    assert windows("Contraception for at least 6 months after the completion of bevacizumab")[0][5] == "last_dose"


def test_old_nci_since_wordings():
    assert windows("At least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas or mitomycin C) and recovered") == [
        ("at_least", "P4W", None, None, "before", "none", "window"),
        ("at_least", "P6W", None, None, "before", "none", "window")]
    assert keyed("No more than 6 weeks since prior surgery to the breast") == [("P6W", None, "at_most", "none")]
    assert keyed("At least 2 months since participation in any other clinical study") == [("P2M", None, "at_least", "none")]
    assert keyed("Less than 14 days have elapsed since last radiation therapy") == [("P14D", None, "less_than", "none")]
    assert windows("At least 6 weeks since change in dose of methotrexate")[0][6] == "state_duration"
    assert keyed("No more than 90 days since diagnosis") == [("P90D", None, "at_most", "diagnosis")]
    assert keyed("Less than 1 month of prior interferon alfa") == [("P1M", None, "less_than", "none")]


def test_ranges():
    assert windows("Influenza vaccination 10-60 days prior to entry") == [
        ("within", "P10D", None, None, "before", "enrollment", "window")]
    assert keyed("Influenza vaccination 10-60 days prior to entry") == [("P10D", "P60D", "within", "enrollment")]
    assert keyed("Biologic therapy between 12 weeks and 24 weeks prior to randomization") == [
        ("P12W", "P24W", "within", "randomization")]


def test_in_the_past_and_in_the_next_give_the_direction():
    assert windows("No myocardial infarction within the past 6 months")[0][:6] == ("within", "P6M", None, None, "before", "none")
    assert windows("Surgery planned in the next 3 months")[0][4:6] == ("after", "none")
    assert windows("History of alcohol abuse within previous year")[0][:6] == ("within", "P1Y", None, None, "before", "none")
    assert windows("Use of lithium with previous month")[0][1] == "P1M"
    assert windows("Last dose received at least four months ago")[0][:6] == ("at_least", "P4M", None, None, "before", "none")


def test_post_an_event():
    assert windows("Women at least 2 years post-menopausal")[0] == ("at_least", "P2Y", None, None, "after", "event", "window")
    assert windows("Women two years postmenopausal")[0][:6] == ("at_least", "P2Y", None, None, "after", "event")
    assert windows("Pregnancy planned in the first postoperative year")[0][:6] == ("within", "P1Y", None, None, "after", "surgery")
    assert windows("Patients at least 6 months post-stroke")[0][:6] == ("at_least", "P6M", None, None, "after", "event")


def test_ever_and_at_any_time():
    assert windows("Has ever received an anti-CD20 antibody") == [("within", None, None, None, "before", "any_time", "window")]
    assert windows("Psychosis at any point in their lifetime")[0][5] == "any_time"
    assert extract_windows("Use of any psychotropic agent at any time during the study") == []
    assert extract_windows("Fever or never smoked") == []


def test_kind_comes_from_the_words_of_the_clause():
    # a pregnancy test in women defined by amenorrhea is still a window; a weight that remained stable is a state
    assert windows("Pregnancy test negative in premenopausal women within 14 days of randomization, or in women with "
                   "amenorrhea of less than 12 months")[0][6] == "window"
    assert windows("Weight has remained stable in the 2 months prior to enrollment")[0][6] == "state_duration"
    assert windows("Prednisone 20 mg/day or more for more than 3 weeks") == [
        ("more_than", "P3W", None, None, None, "none", "state_duration")]
    assert windows("Antidepressant trials defined as six weeks or more of treatment")[0][:2] == ("at_least", "P6W")
    assert windows("Antidepressant trials defined as six weeks or more of treatment")[0][6] == "state_duration"
    assert windows("History of cancer with less than 5 years disease free")[0][6] == "state_duration"
    assert windows("At least 3 weeks since estrogen-containing oral contraceptives")[0][6] == "window"


def test_a_gap_between_an_event_and_an_anchor():
    text = ("There should be a gap of two weeks between the last surgery and the day of randomization. If the "
            "procedure was abdominal, the gap should be of four weeks.")
    assert keyed(text) == [("P2W", None, "at_least", "randomization"), ("P4W", None, "at_least", "randomization")]


def test_an_anchor_is_not_shared_between_a_state_and_a_window():
    assert keyed("Have taken protease inhibitors for more than 30 days and within 14 days of study entry") == [
        ("P30D", None, "more_than", "none"), ("P14D", None, "within", "enrollment")]


def test_a_thing_that_is_old_is_a_window():
    assert keyed("Injury over 4 weeks old") == [("P4W", None, "more_than", "none")]
    assert keyed("Appendectomy of at least three months old") == [("P3M", None, "at_least", "none")]


def test_anchor_phrases_with_a_prefix_or_a_verb():
    cases = {
        "Stroke within 6 months prior to the date of informed consent": ("P6M", "consent"),
        "Investigational drug within 30 days prior to the planned start of treatment": ("P30D", "first_dose"),
        "CAPD for >= 4 weeks before entering into the study": ("P4W", "enrollment"),
        "Peritonitis <= 28 days before being enrolled into the study": ("P28D", "enrollment"),
        "Antibiotics during the last 6 months before allocation to trial": ("P6M", "randomization"),
        "Ocular medication within 4 weeks of Visit 0": ("P4W", "screening"),
        "Stop these drugs at least 2 days prior to their baseline visit": ("P2D", "screening"),
        "Contact lens wear within 30 minutes of instillation of study medication": ("PT30M", "first_dose"),
        "Negative pregnancy test 48 hours prior to administration of midostaurin": ("PT48H", "first_dose"),
        "Labs within 3 days prior to administration of chemotherapy on Day 1 of Cycle 1": ("P3D", "first_dose"),
        "Contraception for 60 days after stopping treatment": ("P60D", "last_dose"),
        "Patients at least 6 months post operation": ("P6M", "surgery"),
    }
    for text, (duration, anchor) in cases.items():
        assert [(w.duration, w.anchor) for w in extract_windows(text)] == [(duration, anchor)], text


def test_from_a_prior_treatment_reads_like_since():
    assert windows("A washout of two weeks from prior endocrine therapy") == [
        ("at_least", "P2W", None, None, "before", "none", "window")]


def test_units_that_are_letters_of_something_else():
    assert [w.duration for w in extract_windows("Baseline 2D-echocardiogram within 60 days of the first dose")] == ["P60D"]
    assert extract_windows("CD4 below 25% for infants <12 months") == []
    assert [w.duration for w in extract_windows("Treatment within 5 d before surgery")] == ["P5D"]


def test_age_ranges_in_two_units_and_bare_ranges_of_years():
    for text in ("Are between 4 months and 21 years of age",
                 "Children between 1 year and 18 years of age",
                 "Premenopausal women, 18-50 years, inclusive",
                 "A drug with a long half-life (greater than 24 hours)"):
        assert extract_windows(text) == [], text
    assert keyed("Transplant 2-5 years prior to entry") == [("P2Y", "P5Y", "within", "enrollment")]


def test_an_article_after_the_comparator():
    assert keyed("After at least a 12-hour washout from the last dose of morphine") == [
        ("PT12H", None, "at_least", "last_dose")]


def test_the_constrained_event_leaves_its_negation_to_the_context():
    text = "No myocardial infarction within the past 6 months"
    w = extract_windows(text)[0]
    assert text[w.constrains[0] : w.constrains[1]] == "myocardial infarction"
