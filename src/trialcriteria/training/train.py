"""The training workflow: Chia BRAT -> DocBin splits -> spaCy training -> a pipeline in models/ with its meta
(data, split, seed, scores per type)."""

from __future__ import annotations

import json
import shutil
from importlib import resources as res
from pathlib import Path

import spacy

from .. import components  # noqa: F401  (registers trialcriteria.tokenizer.v1)
from ..chia.brat import SPLIT, SPLIT_SEED
from ..chia.corpus import TYPES, write_splits

CONFIG = "ner.cfg"


def blank_nlp():
    from ..components.tokenizer import create_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = create_tokenizer()(nlp)
    return nlp


def train(brat_dir: Path, out_dir: Path, work_dir: Path, overrides: dict | None = None) -> dict:
    from spacy.cli.train import train as spacy_train

    counts = write_splits(blank_nlp(), brat_dir, work_dir / "corpus")
    config = res.files("trialcriteria.training").joinpath(CONFIG)
    spacy_train(Path(str(config)), work_dir / "training", use_gpu=-1,
                overrides={"paths.train": str(work_dir / "corpus" / "train.spacy"),
                           "paths.dev": str(work_dir / "corpus" / "dev.spacy"), **(overrides or {})})
    best = work_dir / "training" / "model-best"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(best, out_dir)
    from ..evaluate.ner import evaluate_dir

    scores = evaluate_dir(out_dir, work_dir / "corpus" / "test.spacy")
    meta_path = out_dir / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update({"name": "chia_ner", "version": "0.1.0",
                 "description": "trialcriteria NER trained on Chia (CC BY 4.0): CNN tok2vec + NER, CPU",
                 "sources": [{"name": "Chia", "url": "doi:10.1038/s41597-020-00620-0", "license": "CC BY 4.0"}],
                 "trialcriteria": {"types": list(TYPES), "split": dict(zip(("train", "dev", "test"), SPLIT)),
                                   "split_seed": SPLIT_SEED, "corpus": counts, "test_scores": scores}})
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return scores
