"""Training the project's NER model on Chia (not part of the runtime path)."""
