"""On-disk cache of per-article work, kept outside dataset/ (default build/cache, gitignored).

Two kinds of entries, so a change invalidates only the stage it touches:
- `parse/<key>`: one parsed Article (or its parse rejection). Key: the code of the parse stage (the
  modules `builder.parse` and `builder.sources` import), the article's path, the sha256 of its
  bytes, its sidecar metadata and the article options.
- `rows/<key>`: the article's JSONL lines for every config, its speaker rows and the facts the card
  counts. Key: the code digest of everything that shapes dataset/ (builder version, engine, rules,
  lexicons, export) and the sha256 of the parsed article.
A rule or lexicon change therefore re-extracts every article but parses none; a parser change
re-parses every article but re-extracts only those whose parsed form changed.

Beside them, `inputs.tsv` (file signatures and digests, see pipeline.fingerprint) and `shards.json`
(the digest and stat of each shard of the last dataset written, see export.DatasetWriter).

Entries are written to a temporary name and renamed, carry CRCs of their header and body and the
body's size, and anything wrong with one (truncated, corrupt, unreadable, wrong format) makes it a
miss, never an error.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"quote-builder cache 2\n"
KINDS = ("parse", "rows")
# Entries not used for this long are removed after a build that invalidated much of the cache; an
# entry's mtime is refreshed when it is used, at most once an hour.
MAX_UNUSED_AGE = 24 * 3600
REFRESH_AFTER = 3600
# Per input file: its stat signature and the digests last computed for it (see pipeline.fingerprint).
INDEX = "inputs.tsv"
# Per shard of the last dataset written: the digest of its rows and its file's stat (see export.DatasetWriter).
SHARDS = "shards.json"


@dataclass(frozen=True, slots=True)
class Entry:
    """A cache entry: its header, its body, and where the body lies on disk (file, offset)."""

    header: dict
    body: bytes
    path: str
    offset: int


class Cache:
    """Entries under `root`; with root None every lookup misses and nothing is written."""

    def __init__(self, root: Path | None):
        self.root = root

    def _path(self, kind: str, key: str) -> str:
        return os.path.join(self.root, kind, key[:2], key)

    def _read(self, kind: str, key: str, whole: bool) -> Entry | None:
        """A valid entry (its body b"" unless `whole`), else None."""
        if self.root is None:
            return None
        path = self._path(kind, key)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            # one read for a rows entry (tens of kilobytes); the first 64 KB hold any header
            data = os.read(fd, info.st_size if whole else 65536)
            lines = data.split(b"\n", 3)
            if len(lines) < 4 or lines[0] + b"\n" != MAGIC:
                return None
            head_crc, body_crc, size = (int(x) for x in lines[1].split())
            head = lines[2] + b"\n"
            if zlib.crc32(head) != head_crc:
                return None
            header = json.loads(head)
            body = lines[3] if whole else b""
            if not isinstance(header, dict) or (whole and (len(body) != size or zlib.crc32(body) != body_crc)):
                return None
        except (OSError, ValueError):
            return None
        finally:
            os.close(fd)
        if info.st_mtime < time.time() - REFRESH_AFTER:
            try:
                os.utime(path)                 # in use: not swept
            except OSError:
                pass
        return Entry(header, body, path, len(MAGIC) + len(lines[1]) + 1 + len(head))

    def get(self, kind: str, key: str) -> Entry | None:
        """A valid entry, else None."""
        return self._read(kind, key, whole=True)

    def header(self, kind: str, key: str) -> dict | None:
        """The header of an entry without checking its body (checked when the body is read)."""
        found = self._read(kind, key, whole=False)
        return found.header if found else None

    def put(self, kind: str, key: str, header: dict, body: bytes) -> Entry | None:
        """Store an entry atomically; a cache that cannot be written only costs speed (None)."""
        if self.root is None:
            return None
        head = json.dumps(header, ensure_ascii=False).encode() + b"\n"
        sums = b"%d %d %d\n" % (zlib.crc32(head), zlib.crc32(body), len(body))
        path = Path(self._path(kind, key))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + sums + head + body)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            return None
        return Entry(header, body, os.fspath(path), len(MAGIC) + len(sums) + len(head))

    def index_lines(self) -> Iterator[str]:
        """The lines of the index the last build left, in its order; none when it is missing or corrupt."""
        if self.root is None:
            return iter(())
        try:
            data = (self.root / INDEX).read_bytes()
        except OSError:
            return iter(())
        cut = data.rfind(b"\n", 0, len(data) - 1) + 1        # the last line is the trailer
        if data[cut:] != b"%s %d\n" % (MAGIC.strip(), zlib.crc32(data[:cut])):
            return iter(())
        return (line.decode("utf-8", "replace").rstrip("\n") for line in io.BytesIO(data[:cut]))

    def index_writer(self) -> IndexWriter | None:
        """A writer that replaces the index when committed (None without a cache)."""
        if self.root is None:
            return None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            return IndexWriter(self.root)
        except OSError:
            return None

    def shards(self, out_dir: Path) -> dict[str, list[str]]:
        """The shard record the last build into `out_dir` left; empty when there is none or it is unreadable."""
        if self.root is None:
            return {}
        try:
            record = json.loads((self.root / SHARDS).read_text(encoding="utf-8"))
            if record["out"] == os.fspath(out_dir.resolve()) and isinstance(record["shards"], dict):
                return record["shards"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return {}

    def save_shards(self, out_dir: Path, shards: dict[str, list[str]]) -> None:
        """Replace the shard record; one that cannot be written only costs the next build's reuse."""
        if self.root is None:
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"out": os.fspath(out_dir.resolve()), "shards": shards}, f, sort_keys=True)
            os.replace(tmp, self.root / SHARDS)
        except OSError:
            pass

    def sweep(self, max_unused_age: float = MAX_UNUSED_AGE) -> int:
        """Remove entries (and temporary files of killed builds) unused for `max_unused_age` seconds."""
        if self.root is None:
            return 0
        cutoff = time.time() - max_unused_age
        removed = 0
        for path in [*self.root.glob(".tmp-*"), *(p for kind in KINDS for p in (self.root / kind).glob("*/*"))]:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


class IndexWriter:
    """Streams index lines to a temporary file; `commit` puts it in place with its CRC trailer."""

    def __init__(self, root: Path):
        self.root = root
        fd, self.tmp = tempfile.mkstemp(prefix=".tmp-", dir=root)
        self.file = os.fdopen(fd, "wb")
        self.crc = 0

    def add(self, line: str) -> None:
        data = f"{line}\n".encode("utf-8")
        self.file.write(data)
        self.crc = zlib.crc32(data, self.crc)

    def commit(self) -> None:
        self.file.write(b"%s %d\n" % (MAGIC.strip(), self.crc))
        self.file.close()
        os.replace(self.tmp, self.root / INDEX)

    def discard(self) -> None:
        self.file.close()
        Path(self.tmp).unlink(missing_ok=True)
