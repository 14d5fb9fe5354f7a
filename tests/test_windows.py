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
