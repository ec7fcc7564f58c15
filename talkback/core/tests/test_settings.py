"""Settings read from the environment; an installation gets a secret key of its own."""

from __future__ import annotations

import os
import stat

from talkback.settings import install_secret


def test_it_generates_a_private_secret_key_once_and_keeps_it(tmp_path):
    path = tmp_path / "var" / "secret_key"

    first = install_secret(path)
    second = install_secret(path)

    assert first == second and len(first) >= 50
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_two_installations_get_different_keys(tmp_path):
    assert install_secret(tmp_path / "a" / "key") != install_secret(tmp_path / "b" / "key")
