"""The ``dadras`` entry point: sub-commands go to app.cli, no command opens the window."""

from __future__ import annotations

import sys

from app import cli


def main(argv: list[str] | None = None) -> int:
    args = cli.parse(argv)
    if args.command is None:
        from ui.application import run_gui  # Qt loads only when a window is wanted

        return run_gui(args.db)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
