"""Evaluation, pure: predictions against hand-annotated gold -> precision / recall / F1 tables.

- metrics: the one P/R/F1 (true and false positives, false negatives; micro sums);
- gold: gold files, the text their offsets point into, which prediction a gold document is about;
- trees, thresholds, facts, ner: one scorer per kind of output;
- report: a gold folder scored whole, and the tables the CLI prints.
The Chia scorers are in trialcriteria.chia.score.
"""
