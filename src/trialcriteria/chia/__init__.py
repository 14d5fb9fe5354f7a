"""The Chia corpus (Kury et al. 2020, CC BY 4.0) in one place: reading its BRAT files and the fixed split by
trial (brat), its trials as the pipeline parses them (trials), the scorers against our Chia-derived gold (score),
the NER training corpus (corpus), and the candidate lines an annotator reads (candidates)."""
