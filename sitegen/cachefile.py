"""What a build keeps in .sitegen-cache/ is sealed with a digest, and read back only
when the digest matches: a flipped byte must not become a wrong site, nor reach
marshal or exec (which may crash on it). Anything that fails is discarded, said in
one line, and made again.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Iterable

from sitegen.diagnostics import display_path

_MAGIC = b"sitegen\x01"  # absent: a file of another format (an older sitegen's), remade silently
_DIGEST = 20  # SHA-1: computed in hardware, and this guards against damage, not attack
_HEAD = len(_MAGIC) + _DIGEST


def _digest(data: bytes) -> bytes:
    return hashlib.sha1(data).digest()


def seal(data: bytes) -> bytes:
    """``data`` behind its digest."""
    return _MAGIC + _digest(data) + data


def unseal(sealed: bytes, path: Path | str) -> bytes | None:
    """The data ``seal`` sealed, or None when it is not that (said once, naming
    ``path``, when it was sealed and is damaged)."""
    if not sealed.startswith(_MAGIC):
        return None
    data = sealed[_HEAD:]
    if _digest(data) != sealed[len(_MAGIC):_HEAD]:
        discarded(path)
        return None
    return data


def frame(data: bytes) -> bytes:
    """``data`` as one record of a file records are appended to: sealed with its length."""
    return seal(len(data).to_bytes(8, "little") + data)


def read_frames(blob: bytes, path: Path | str) -> tuple[list[bytes], bool]:
    """The records ``frame`` made, in order, up to the first that is damaged or cut
    short (said once, naming ``path``) or of another format; and whether that was all."""
    records, at = [], 0
    while at < len(blob):
        if not blob.startswith(_MAGIC, at):
            if at:
                discarded(path)
            return records, False
        size = int.from_bytes(blob[at + _HEAD:at + _HEAD + 8], "little")
        end = at + _HEAD + 8 + size
        if end > len(blob) or _digest(blob[at + _HEAD:end]) != blob[at + len(_MAGIC):at + _HEAD]:
            discarded(path)
            return records, False
        records.append(blob[at + _HEAD + 8:end])
        at = end
    return records, True


def write_atomically(path: Path, data: bytes | Iterable[bytes], sealed: bool = True) -> None:
    """Replace a cache file whole (a reader never sees half of it), or not at all;
    ``sealed`` (see cachefile.seal) unless the data seals itself (as pieces do:
    records ``frame`` made, written one after another)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            for piece in ([seal(data) if sealed else data] if isinstance(data, bytes) else data):
                f.write(piece)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only site still builds, only without the cache


def read_sealed(path: Path) -> bytes | None:
    """A cache file write_atomically sealed, if it is there and whole (one line says
    so when it is damaged)."""
    try:
        return unseal(path.read_bytes(), path)
    except OSError:
        return None


_TOLD: set[str] = set()


def discarded(path: Path | str) -> None:
    """Say once that a cache file was damaged (and is being made again)."""
    shown = display_path(path)
    if shown not in _TOLD:
        _TOLD.add(shown)
        print(f"sitegen: {shown} was damaged; it was discarded and is made again", file=sys.stderr)
