"""Segmentation, pure and rule-driven (resources/segmenter.json): a document's text -> its eligibility region and
inclusion/exclusion blocks (sections) -> the criterion tree with offsets (tree), over shared line, marker and
bracket helpers (lines) and a sentence splitter for prose (prose)."""
