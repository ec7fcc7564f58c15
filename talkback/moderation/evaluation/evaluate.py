"""`talkback evaluate`: measure the shipped engine on the dev splits and the functional suite.

Everything is read through `Engine.moderate_batch`, the same path `talkback moderate` and the web
app use, so the figures describe what a publisher gets. The dev splits are never trained on;
the functional suite is the team's own and is never trained or tuned on either.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from talkback.moderation.engine import CommentInput, Engine
from talkback.moderation.evaluation.metrics import binary_metrics, confusion, macro_f1, span_f1
from talkback.moderation.targets import targets_named
from talkback.moderation.taxonomy import ABUSE_CATEGORIES, DECISIONS, REJECT
from talkback.moderation.training.datasets import (
    LABELS,
    OFFENSIVE,
    Example,
    default_data_dir,
    load,
    merge_duplicates,
)
from talkback.moderation.verdict import Verdict

FUNCTIONAL_SUITE: Final = (
    Path(__file__).resolve().parents[3] / "tests" / "functional" / "cases.jsonl"
)
EVALUATED_SETS: Final = ("olid", "davidson", "ethos", "typed_toxic_spans", "youtube_spam")
SPAN_SETS: Final = ("toxic_spans",)

Scorer = Callable[[Sequence[str]], list[float]]


def offensive_score(verdict: Verdict) -> float:
    """The umbrella score: how likely the comment breaks any abuse guideline."""
    return max(verdict.scores[code] for code in ABUSE_CATEGORIES)


def dev_examples(names: Sequence[str], data: Path) -> dict[str, list[Example]]:
    return {
        name: [e for e in examples if e.split == "dev"]
        for name, examples in load(names, data).items()
    }


def _judge(engine: Engine, examples: Sequence[Example]) -> list[Verdict]:
    comments = [CommentInput(text=e.text, lang=e.lang) for e in examples]
    return engine.moderate_batch(comments)


def evaluate_dataset(
    engine: Engine, examples: Sequence[Example], peer: Scorer | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Metrics per label the set carries, for the engine and (one score for all) the peer."""
    verdicts = _judge(engine, examples)
    peer_scores = peer([e.text for e in examples]) if peer else None
    threshold = engine.policy.thresholds
    ours: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    for label in LABELS:
        rows = [n for n, e in enumerate(examples) if label in e.labels]
        y = [examples[n].labels[label] for n in rows]
        if len(set(y)) < 2:
            continue
        if label == OFFENSIVE:
            scores = [offensive_score(verdicts[n]) for n in rows]
            cut = min(threshold[code].reject for code in ABUSE_CATEGORIES)
        else:
            scores = [verdicts[n].scores[label] for n in rows]
            cut = threshold[label].reject
        ours[label] = binary_metrics(y, scores, cut)
        if label == OFFENSIVE:
            decided = [int(verdicts[n].decision == REJECT) for n in rows]
            not_approved = [int(verdicts[n].decision != "approve") for n in rows]
            ours[label]["decision_macro_f1"] = round(macro_f1(y, decided), 4)
            ours[label]["not_approved_macro_f1"] = round(macro_f1(y, not_approved), 4)
        if peer_scores is not None:
            theirs[label] = binary_metrics(y, [peer_scores[n] for n in rows], 0.5)
    result = {"n": len(examples), "categories": ours}
    return result, ({"n": len(examples), "categories": theirs} if peer else None)


def evaluate_spans(engine: Engine, examples: Sequence[Example]) -> dict[str, Any]:
    """Character-offset F1 of the spans the engine reports, as the toxic spans task scores it."""
    verdicts = _judge(engine, examples)
    predicted = [{i for s in v.spans for i in range(s.start, s.end)} for v in verdicts]
    gold = [set(e.spans or ()) for e in examples]
    tagged_all = [
        {i for start, end in engine.classifier.tagger.spans(e.text) for i in range(start, end)}
        for e in examples
    ]
    return {
        "n": len(examples),
        "f1": round(span_f1(gold, predicted), 4),
        "tagger_alone_f1": round(span_f1(gold, tagged_all), 4),
    }


def evaluate_targets(examples: Sequence[Example]) -> dict[str, Any] | None:
    """Micro precision, recall and F1 of the groups named for comments whose annotators named
    the attacked groups (ETHOS's hateful rows)."""
    rows = [e for e in examples if any(e.targets.values())]
    if not rows:
        return None
    hits = predicted = gold = 0
    for example in rows:
        truth = {target for target, value in example.targets.items() if value}
        named = set(targets_named(example.text))
        hits += len(truth & named)
        predicted += len(named)
        gold += len(truth)
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {
        "n": len(rows),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def load_cases(path: Path = FUNCTIONAL_SUITE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def passes(case: dict[str, Any], verdict: Verdict) -> bool:
    """An approve or review case passes on the decision; a reject case also needs every
    category it lists among the verdict's reasons."""
    if verdict.decision != case["expected"]:
        return False
    return case["expected"] != REJECT or set(case["categories"]) <= set(verdict.reasons)


def evaluate_functional(engine: Engine, cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    verdicts = engine.moderate_batch([CommentInput(text=c["text"]) for c in cases])
    by_functionality: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "passed": 0})
    failures = []
    targeted = target_hits = 0
    for case, verdict in zip(cases, verdicts, strict=True):
        ok = passes(case, verdict)
        group = by_functionality[case["functionality"]]
        group["n"] += 1
        group["passed"] += ok
        if case["targets"] and verdict.decision == REJECT:
            targeted += 1
            target_hits += set(case["targets"]) <= set(verdict.targets)
        if not ok:
            failures.append(
                {
                    "id": case["id"],
                    "functionality": case["functionality"],
                    "text": case["text"],
                    "expected": case["expected"],
                    "got": verdict.decision,
                    "reasons": list(verdict.reasons),
                }
            )
    passed = sum(g["passed"] for g in by_functionality.values())
    return {
        "total": len(cases),
        "passed": passed,
        "pass_rate": round(passed / len(cases), 4) if cases else 0.0,
        "by_functionality": {
            name: {**g, "pass_rate": round(g["passed"] / g["n"], 4)}
            for name, g in by_functionality.items()
        },
        "target_accuracy": round(target_hits / targeted, 4) if targeted else None,
        "decisions": {
            "labels": list(DECISIONS),
            "matrix": confusion(
                [c["expected"] for c in cases], [v.decision for v in verdicts], DECISIONS
            ),
        },
        "failures": failures,
    }


def peer_scorer() -> tuple[str, Scorer] | None:
    """alt-profanity-check, the PyPI peer every figure is compared with, when installed."""
    try:
        from importlib.metadata import version

        from profanity_check import predict_prob
    except ImportError:
        return None

    def score(texts: Sequence[str]) -> list[float]:
        return [float(p) for p in predict_prob(list(texts))]

    return f"alt-profanity-check {version('alt-profanity-check')}", score


def evaluate(
    engine: Engine | None = None,
    data: Path | None = None,
    cases_path: Path = FUNCTIONAL_SUITE,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Build the summary that `report.write_report` renders."""
    engine = engine or Engine()
    data = data or default_data_dir()
    timings: dict[str, float] = {}
    peer = peer_scorer()
    summary: dict[str, Any] = {
        "model_version": engine.model_version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "datasets": {},
        "spans": {},
    }
    baseline: dict[str, Any] = {}
    dev = dev_examples(EVALUATED_SETS, data)
    dev_merged = {e.key for e in merge_duplicates(e for s in dev.values() for e in s)}
    log(f"dev split: {len(dev_merged)} unique comments in {len(dev)} sets")
    for name, examples in dev.items():
        started = time.perf_counter()
        ours, theirs = evaluate_dataset(engine, examples, peer[1] if peer else None)
        timings[f"dev {name} (s)"] = round(time.perf_counter() - started, 2)
        summary["datasets"][name] = ours
        targets = evaluate_targets(examples)
        if targets:
            summary.setdefault("targets", {})[name] = targets
            log(f"{name}: identity targets micro-F1 {targets['f1']} over {targets['n']} comments")
        if theirs:
            baseline[name] = theirs
        log(f"{name}: {len(examples)} dev comments evaluated")
    for name, examples in dev_examples(SPAN_SETS, data).items():
        summary["spans"][name] = evaluate_spans(engine, examples)
        log(f"{name}: span F1 {summary['spans'][name]['f1']}")
    if peer:
        summary["baseline"] = {"name": peer[0], "datasets": baseline}
    if cases_path.is_file():
        functional = evaluate_functional(engine, load_cases(cases_path))
        summary["decisions"] = functional.pop("decisions")
        summary["functional"] = functional
        log(f"functional suite: {functional['passed']}/{functional['total']} passed")
    summary["timings"] = timings
    return summary
