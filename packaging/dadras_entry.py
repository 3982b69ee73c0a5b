"""PyInstaller entry script: the same ``dadras`` entry point as pyproject.toml's."""

import multiprocessing
import sys

from ui.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless; needed if a worker process is ever spawned
    sys.exit(main())
