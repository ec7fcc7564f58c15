"""The `talkback` command: Django's management commands plus the project's own.

talkback serve | moderate | import-articles | demo | migrate | ...
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talkback.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["talkback", *sys.argv[1:]])


if __name__ == "__main__":
    main()
