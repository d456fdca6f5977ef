"""A site's source files as a build reads them: regular files only, UTF-8 text."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sitegen.diagnostics import Diagnostics, not_utf8


def decode(data: bytes, diags: Diagnostics) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error(*not_utf8(data, exc))
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_regular(path: str | Path) -> bytes:
    """A file's bytes, refusing anything but a regular file: a FIFO would block the
    build forever, a device could be endless (OSError with the reason)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device)")
        return f.read()
