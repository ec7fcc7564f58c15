"""`talkback train` on a small synthetic data folder: every artifact is rebuilt and serves."""

from __future__ import annotations

import json
import random
import shutil

from talkback.moderation import CommentInput, Engine
from talkback.moderation.artifacts import MODELS_DIR
from talkback.moderation.classifier import Classifier
from talkback.moderation.training.train import train

CLEAN = [
    "The council will publish the budget on {n} March.",
    "Thanks for the report on the flooding in district {n}.",
    "The minister spoke for {n} minutes about the new schools.",
    "Our village got power back after {n} days, good news.",
]
INSULTS = [
    "You are a pathetic idiot number {n}",
    "What a stupid moron you are, {n} times over",
    "Shut up you clown {n}",
]
SPAM = ["Check out my channel {n} and subscribe!!!", "Earn ${n}00 a day from home, DM me"]


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _data(root):
    rng = random.Random(3)
    olid = ["id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c"]
    spans = ["spans,text"]
    youtube = ["COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS"]
    for n in range(60):
        clean = rng.choice(CLEAN).format(n=n)
        insult = rng.choice(INSULTS).format(n=n)
        olid += [f"{2 * n}\t{clean}\tNOT\tNULL\tNULL", f"{2 * n + 1}\t{insult}\tOFF\tTIN\tIND"]
        start = insult.index(next(w for w in ("idiot", "moron", "clown") if w in insult))
        offsets = list(range(start, start + 5))
        spans.append(f'"{offsets}","{insult}"')
        youtube += [f"a{n},x,2013,{rng.choice(SPAM).format(n=n)},1", f"b{n},y,2013,{clean},0"]
    _write(root / "olid" / "olid-training-v1.0.tsv", "\n".join(olid) + "\n")
    _write(root / "toxic_spans" / "tsd_train.csv", "\n".join(spans) + "\n")
    _write(root / "toxic_spans" / "tsd_trial.csv", "spans,text\n")
    _write(root / "youtube_spam" / "Youtube01-Psy.csv", "\n".join(youtube) + "\n")


def test_train_rebuilds_models_that_load_and_judge(tmp_path):
    _data(tmp_path / "data")
    out = tmp_path / "models"
    shutil.copytree(MODELS_DIR / "encoder", out / "encoder")
    said: list[str] = []

    manifest = train(tmp_path / "data", out, log=said.append)

    assert set(manifest["data_sets"]) == {"olid", "toxic_spans", "youtube_spam"}
    assert any(line.startswith("wrote ") for line in said)
    scorer = json.loads((out / "scorer.json").read_text())
    assert {"offensive", "personal_attack", "promotion"} <= set(scorer["stackers"])
    engine = Engine(classifier=Classifier.load(out))
    insult, clean = engine.moderate_batch(
        [CommentInput("You are a pathetic idiot"), CommentInput("Thanks for the report.")]
    )
    assert insult.scores["personal_attack"] > clean.scores["personal_attack"]
    assert insult.model_version != Engine().model_version
