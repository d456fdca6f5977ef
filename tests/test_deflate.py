"""Deflate segments compressed apart join into one valid stream, with the CRC-32 of
the whole, in an archive any zip reader opens."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

from sitegen import deflate


def test_joined_segments_are_the_pieces_compressed_together():
    rng = random.Random(7)
    pieces = [bytes(rng.choice(b"<row>abc\xe9\xa1\xb9") for _ in range(rng.randrange(0, 40000))) for _ in range(12)]
    pieces.insert(3, b"")
    whole = deflate.joined(map(deflate.segment, pieces))
    assert zlib.decompress(whole.data, -15) == b"".join(pieces)
    assert whole.crc == zlib.crc32(b"".join(pieces)) and whole.size == sum(map(len, pieces))


def test_crc_combine_agrees_with_zlib_at_every_length():
    rng = random.Random(3)
    for length in (0, 1, 7, 8, 255, 4096, 100_003):
        a, b = rng.randbytes(rng.randrange(50)), rng.randbytes(length)
        assert deflate.crc_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_the_archive_opens_and_is_the_same_bytes_each_time():
    entries = [("a.xml", deflate.joined([deflate.segment(b"<a/>" * 1000)])),
               ("x/b.xml", deflate.joined([deflate.segment(b"one"), deflate.segment(b"two")]))]
    archive = deflate.zip_file(entries)
    assert archive == deflate.zip_file(entries)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None and z.namelist() == ["a.xml", "x/b.xml"]
        assert z.read("x/b.xml") == b"onetwo" and z.getinfo("a.xml").date_time == (1980, 1, 1, 0, 0, 0)
