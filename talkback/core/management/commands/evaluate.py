from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from talkback.moderation.artifacts import MODELS_DIR
from talkback.moderation.evaluation.evaluate import FUNCTIONAL_SUITE


class Command(BaseCommand):
    help = (
        "Measure the shipped moderation models on every data set's dev split, the toxic spans "
        "dev split and the team's functional suite, beside alt-profanity-check; write a JSON "
        "summary and an HTML report with plots."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--data", type=Path, help="data folder (default: ../shared/data)")
        parser.add_argument("--cases", type=Path, default=FUNCTIONAL_SUITE, help="suite JSONL")
        parser.add_argument("--out", type=Path, default=Path("var/evaluation"), help="folder")
        parser.add_argument(
            "--models",
            type=Path,
            default=MODELS_DIR,
            help="models folder to measure (default: the shipped models), e.g. a candidate "
            "written by talkback train --out",
        )

    def handle(
        self,
        *args: Any,
        data: Path | None,
        cases: Path,
        out: Path,
        models: Path,
        **options: Any,
    ) -> None:
        from talkback.moderation.classifier import Classifier
        from talkback.moderation.engine import Engine
        from talkback.moderation.evaluation.evaluate import evaluate
        from talkback.moderation.evaluation.report import write_report

        engine = Engine(classifier=Classifier.load(models))
        summary = evaluate(engine, data=data, cases_path=cases, log=self.stdout.write)
        summary["command"] = "talkback evaluate"
        write_report(summary, out / "summary.json", out / "report.html")
        headline = {
            name: {
                label: {
                    k: m.get(k) for k in ("roc_auc", "f1", "ece", "decision_macro_f1") if k in m
                }
                for label, m in result["categories"].items()
            }
            for name, result in summary["datasets"].items()
        }
        self.stdout.write(json.dumps(headline, indent=1))
        self.stdout.write(f"wrote {out / 'summary.json'} and {out / 'report.html'}")
