"""Reading model files: plain arrays and JSON only, with errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

MODELS_DIR: Final = Path(__file__).parent / "models"


class ModelFileError(RuntimeError):
    """A model file is missing or unreadable; the message names the file."""


def load_arrays(path: Path) -> dict[str, NDArray[Any]]:
    """The arrays of an `.npz` file, never unpickling anything."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except FileNotFoundError as error:
        raise ModelFileError(f"model file missing: {path}") from error
    except (OSError, ValueError, KeyError) as error:
        raise ModelFileError(f"model file unreadable: {path}: {error}") from error


def load_json(path: Path) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ModelFileError(f"model file missing: {path}") from error
    except (OSError, ValueError) as error:
        raise ModelFileError(f"model file unreadable: {path}: {error}") from error
    return loaded
