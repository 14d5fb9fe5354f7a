"""The trained models, shipped with the package as `trialcriteria.models` (chia_ner: the NER pipeline trained on
Chia; `trialcriteria train` writes it here, the runtime loads it with nlp.model_path)."""
