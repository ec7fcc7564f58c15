"""A bad model file stops a worker or the production server at startup, naming the file."""

from __future__ import annotations

import shutil

import pytest

from talkback.core.tests.processes import talkback
from talkback.moderation.artifacts import MODELS_DIR


@pytest.mark.parametrize(
    ("command", "fault", "message"),
    [
        (["worker", "--burst"], "missing", "model file missing"),
        (["serve", "--production", "--no-migrate"], "corrupt", "model file unreadable"),
    ],
)
def test_it_refuses_to_start_with_a_bad_model_file_and_names_it(tmp_path, command, fault, message):
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models, ignore=shutil.ignore_patterns("encoder"))
    (models / "encoder").symlink_to(MODELS_DIR / "encoder")
    bad = models / "ngrams.npz"
    if fault == "missing":
        bad.unlink()
    else:
        bad.write_bytes(b"not a zip file")
    log = tmp_path / "talkback.log"

    process = talkback(
        *command,
        log=log,
        DATABASE_URL="",
        TALKBACK_VAR_DIR=str(tmp_path),
        TALKBACK_MODELS_DIR=str(models),
    )

    assert process.wait(timeout=60) == 1
    assert f"cannot load the moderation models: {message}: {bad}" in log.read_text()
