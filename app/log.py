"""What happened, for whoever supports the office: a rotating log file.

One file, ``dadras.log`` in the platform's log folder (``DADRAS_LOG_DIR`` overrides it), five
older ones kept beside it, each up to 2 MB, readable by the user alone. Lines say what was
done to which record by which member of staff, by ids only: a complainant's name, national
code, mobile, address or any text typed about a complaint is never logged (a test plants
such values and searches the log for them). Unexpected errors are logged with their traceback.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys
import time
from pathlib import Path

from app.paths import APP_NAME

LOG_DIR_VARIABLE = "DADRAS_LOG_DIR"
FILE_NAME = "dadras.log"
_MAX_BYTES = 2 * 1024 * 1024
_BACKUPS = 5
_FORMAT = "%(asctime)sZ %(levelname)s %(name)s: %(message)s"

_configured: Path | None = None


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_VARIABLE)
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False, ensure_exists=False)


def log_file() -> Path:
    return log_dir() / FILE_NAME


def get(name: str) -> logging.Logger:
    """The logger of one part of Dadras (``get("backup")`` logs as ``dadras.backup``)."""
    return logging.getLogger(f"dadras.{name}")


def configure() -> Path | None:
    """Send Dadras's log to its file (once per process); the file, or None when it cannot be
    written (a read-only profile): Dadras then runs without a log rather than not at all."""
    global _configured
    if _configured is not None:
        return _configured
    root = logging.getLogger("dadras")
    root.setLevel(logging.INFO)
    root.propagate = False
    path = log_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler: logging.Handler = _PrivateRotatingFile(
            path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
        )
    except OSError:
        root.addHandler(logging.NullHandler())
        return None
    formatter = logging.Formatter(_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root.addHandler(handler)
    _configured = path
    get("start").info(
        "Dadras %s, Python %s on %s, pid %d",
        _version(),
        sys.version.split()[0],
        sys.platform,
        os.getpid(),
    )
    return path


def configured_file() -> Path | None:
    """The log file this process writes, if any."""
    return _configured


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating log file created readable and writable by its owner only."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        """A line that cannot be written (the disk full) is dropped: the log is never the
        reason a window or a command shows a traceback or fails."""


def _version() -> str:
    from app import __version__

    return __version__
