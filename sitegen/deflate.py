"""Zip entries made of deflate segments that are compressed apart and joined.

Each segment is a piece of an entry compressed on its own (a fresh compressor, ended
by a full flush), so that segments can be joined in any order into one valid deflate
stream, and a segment made by an earlier build can be used again as it is: after a
small edit only the pieces that changed are compressed again. The entry's CRC-32 is
combined from its segments' (as zlib's crc32_combine does). ``zip_file`` writes the
archive with fixed times and attributes, so the same entries give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from typing import Iterable, NamedTuple


class Segment(NamedTuple):
    data: bytes  # raw deflate, ending on a byte boundary (a full flush)
    crc: int  # CRC-32 of the uncompressed piece
    size: int  # its length uncompressed


def segment(piece: bytes) -> Segment:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Segment(compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.crc32(piece), len(piece))


_FINAL = b"\x03\x00"  # an empty last block: what ends a stream of joined segments
_POLY = 0xEDB88320  # CRC-32, reflected


def _multiply(a: int, b: int) -> int:
    """a * b modulo the CRC polynomial (reflected bit order)."""
    m, product = 1 << 31, 0
    while m and a:
        if a & m:
            product ^= b
            a ^= m
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _powers() -> list[int]:
    """x^(2^k) modulo the polynomial, k = 0..31."""
    out, p = [], 1 << 30  # x^1
    for _ in range(32):
        out.append(p)
        p = _multiply(p, p)
    return out


_X2N = _powers()


def crc_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from A's, B's and B's length."""
    p, k, n = 1 << 31, 3, length2  # x^0; a byte is 2^3 bits
    while n:
        if n & 1:
            p = _multiply(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return _multiply(p, crc1) ^ crc2


def joined(segments: Iterable[Segment]) -> Segment:
    """One entry's deflate stream, CRC and size, from its segments in order."""
    data, crc, size = [], 0, 0
    for s in segments:
        data.append(s.data)
        crc = crc_combine(crc, s.crc, s.size)
        size += s.size
    data.append(_FINAL)
    return Segment(b"".join(data), crc, size)


_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00


def zip_file(entries: Iterable[tuple[str, Segment]]) -> bytes:
    """A zip archive of deflated entries (names in ASCII), in the given order."""
    out, directory, offset = [], [], 0
    for name, s in entries:
        encoded = name.encode("ascii")
        fields = (20, 0, 8, _DOS_TIME, _DOS_DATE, s.crc, len(s.data), s.size, len(encoded))
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
                         + encoded)
        out += [local, s.data]
        offset += len(local) + len(s.data)
    listing = b"".join(directory)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), len(listing), offset, 0)
    return b"".join(out) + listing + end
