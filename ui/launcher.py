"""The ``dadras`` entry point: sub-commands go to app.cli, no command opens the window."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.paths import DatabaseTarget


def main(argv: list[str] | None = None) -> int:
    if os.name == "posix":
        # Every file Dadras makes (the database and its -wal and -shm, copies before a
        # migration, backups, logs) holds identities or keys: owner-only from the start.
        os.umask(0o077)
    window = _window_only(sys.argv[1:] if argv is None else argv)
    if window is not None:
        return _run_gui(window[0])
    from app import cli  # the whole command line: every sub-command's parser

    args = cli.parse(argv)
    if args.command is None:
        return _run_gui(args.db)
    return cli.run(args)


def _window_only(argv: list[str]) -> tuple[DatabaseTarget | None] | None:
    """``dadras`` or ``dadras --db DB``: the window, read without building the parsers of
    every sub-command (the login dialog waits for it). None for anything else (a command,
    ``--help``, a mistake), which the full command line reads and reports as before."""
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        text = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > len("--db="):
        text = argv[0].removeprefix("--db=")
    else:
        return None
    from app.paths import database_target

    return (database_target(text),)


def _run_gui(db: DatabaseTarget | None) -> int:
    from app import log

    log.configure()
    from ui.application import run_gui  # Qt loads only when a window is wanted

    return run_gui(db)


if __name__ == "__main__":
    sys.exit(main())
