"""The training workflow: Chia BRAT -> DocBin splits -> (optionally) `spacy pretrain` of the tok2vec on the bulk
registry text -> spaCy training -> a pipeline in models/ with its meta (data, split, seed, pretraining, scores
per type). The shipped pipeline is tok2vec + ner + ner_type_rules (components/ner_types.py)."""

from __future__ import annotations

import json
import shutil
from importlib import resources as res
from pathlib import Path

import spacy

from .. import components  # noqa: F401  (registers trialcriteria.tokenizer.v1 and ner_type_rules)
from ..chia.brat import SPLIT, SPLIT_SEED, split_trials, trial_ids
from ..chia.corpus import TYPES, write_splits

CONFIG = "ner.cfg"
# The first 13,624 of the 21,498 shuffled pretraining documents (1.84 M words; 801 batches of about 3,000
# tokens): one pass over them, as the shipped model's tok2vec was pretrained. A longer pass was not measured.
PRETRAIN_DOCS = 13624


def blank_nlp():
    from ..components.tokenizer import create_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = create_tokenizer()(nlp)
    return nlp


def config_path() -> Path:
    return Path(str(res.files("trialcriteria.training").joinpath(CONFIG)))


def pretrain_excluded(brat_dir: Path, annotations: Path) -> set[str]:
    """NCT ids kept out of the pretraining text: Chia's dev and test trials and every trial named under
    annotations/ (the real-distribution sample, both halves, and the coding samples)."""
    from .pretrain import gold_trial_ids

    splits = split_trials(trial_ids(brat_dir))
    return set(splits["dev"]) | set(splits["test"]) | gold_trial_ids(annotations)


def run_pretrain(raw_text: Path, out_dir: Path, overrides: dict | None = None) -> tuple[Path, dict]:
    """`spacy pretrain` of the tok2vec (settings in ner.cfg's [pretraining] and [corpora.pretrain]); returns the
    final weights and the settings used."""
    from spacy.cli.pretrain import pretrain
    from spacy.util import load_config

    config = load_config(config_path(), overrides={"paths.raw_text": str(raw_text), **(overrides or {})},
                         interpolate=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    pretrain(config, out_dir, use_gpu=-1, silent=False)
    p, c = config["pretraining"], config["corpora"]["pretrain"]
    settings = {"objective": dict(p["objective"]), "max_epochs": p["max_epochs"], "dropout": p["dropout"],
                "batch_words": p["batcher"]["size"], "learn_rate": p["optimizer"]["learn_rate"],
                "min_doc_tokens": c["min_length"], "max_doc_tokens": c["max_length"]}
    return out_dir / "model-last.bin", settings


def pretrain_bulk(bulk: Path, brat_dir: Path, annotations: Path, work_dir: Path) -> tuple[Path, dict]:
    """The pretraining corpus rebuilt from the bulk records, then `spacy pretrain`: (weights, meta record)."""
    from .pretrain import write_pretrain_corpus

    raw = work_dir / "pretrain" / "bulk.jsonl"
    counts = write_pretrain_corpus(bulk, pretrain_excluded(brat_dir, annotations), raw, max_docs=PRETRAIN_DOCS)
    weights, settings = run_pretrain(raw, work_dir / "pretrain" / "weights")
    return weights, {"source": "ctgov-bulk (legacy-xml-6771.zip, hint-criteria-4866.zip): eligibility criteria",
                     "exclusions": "Chia dev and test trials; every NCT id under annotations/", **counts,
                     "settings": settings}


def train(brat_dir: Path, out_dir: Path, work_dir: Path, overrides: dict | None = None,
          init_tok2vec: Path | None = None, pretraining: dict | None = None) -> dict:
    from spacy.cli.train import train as spacy_train

    counts = write_splits(blank_nlp(), brat_dir, work_dir / "corpus")
    over = {"paths.train": str(work_dir / "corpus" / "train.spacy"), "paths.dev": str(work_dir / "corpus" / "dev.spacy")}
    if init_tok2vec is not None:
        over["paths.init_tok2vec"] = str(init_tok2vec)
    spacy_train(config_path(), work_dir / "training", use_gpu=-1, overrides={**over, **(overrides or {})})
    nlp = spacy.load(work_dir / "training" / "model-best")
    nlp.add_pipe("ner_type_rules", after="ner")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    nlp.to_disk(out_dir)
    return write_meta(out_dir, work_dir / "corpus", counts, pretraining)


def write_meta(out_dir: Path, corpus: Path, counts: dict, pretraining: dict | None) -> dict:
    """Test scores of the saved pipeline (and of the model alone, without the type rules) into its meta."""
    from ..evaluate.ner import evaluate_dir

    scores = evaluate_dir(out_dir, corpus / "test.spacy")
    bare = evaluate_dir(out_dir, corpus / "test.spacy", exclude=("ner_type_rules",))
    meta_path = out_dir / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update({"name": "chia_ner", "version": "0.2.0" if pretraining else "0.1.1",
                 "description": "trialcriteria NER trained on Chia (CC BY 4.0): CNN tok2vec + NER, CPU, "
                                "tok2vec pretrained on ClinicalTrials.gov criteria" if pretraining else
                                "trialcriteria NER trained on Chia (CC BY 4.0): CNN tok2vec + NER, CPU",
                 "sources": [{"name": "Chia", "url": "doi:10.1038/s41597-020-00620-0", "license": "CC BY 4.0"}],
                 "trialcriteria": {"types": list(TYPES), "split": dict(zip(("train", "dev", "test"), SPLIT)),
                                   "split_seed": SPLIT_SEED, "corpus": counts, "pretraining": pretraining,
                                   "test_scores": scores, "test_scores_without_type_rules": bare}})
    meta_path.write_text(json.dumps(meta, indent=1) + "\n")
    return scores
