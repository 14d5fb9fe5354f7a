"""Extraction, pure and rule-driven: a criterion's text (with the analyte and drug mentions the matchers found)
-> its computable facts, each built as its output model once: lab thresholds (thresholds/), time windows
(windows), drug and drug-class mentions (drugs), and the other facts, one family of rules per file (facts/)."""
