"""Lexicons: what the matchers and the matcher of patients look words up in. Their sources are data (sources/),
built into resources/ by `build` (`trialcriteria lexicons build`); `drugs` is the drug and drug-class graph."""
