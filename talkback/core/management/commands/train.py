from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from talkback.moderation.artifacts import MODELS_DIR


class Command(BaseCommand):
    help = (
        "Rebuild the moderation models from the labelled data sets (fixed seed) and print what "
        "was built. --export-encoder first re-exports the sentence encoder to ONNX (needs the "
        "`train` extra: pip install -e '.[train]')."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--data", type=Path, help="data folder (default: ../shared/data)")
        parser.add_argument("--out", type=Path, default=MODELS_DIR, help="models folder")
        parser.add_argument(
            "--export-encoder", action="store_true", help="re-export the ONNX sentence encoder"
        )
        parser.add_argument(
            "--finetune",
            action="store_true",
            help="fine-tune the sentence encoder on the labels first, then export it",
        )

    def handle(
        self,
        *args: Any,
        data: Path | None,
        out: Path,
        export_encoder: bool,
        finetune: bool,
        **options: Any,
    ) -> None:
        from talkback.moderation.training.train import train

        if export_encoder and not finetune:
            try:
                from talkback.moderation.training.export_encoder import export_encoder as export
            except ImportError as error:
                raise CommandError(f"{error}: install the train extra first") from error
            card = export(out / "encoder")
            self.stdout.write(f"exported encoder: {card}")
        try:
            train(data, out, log=self.stdout.write, finetune=finetune)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
