"""Find articles under raw/, read their bytes and sidecar metadata (`RawDocument`)."""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import stat
from pathlib import Path

from builder.records import RawDocument, Rejection

FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text"}
SIDECAR_SUFFIX = ".meta.json"

# Sidecar keys and the types they may hold (None is always allowed). Unknown keys are kept but
# ignored, so a user's own bookkeeping fields do not break the build.
SIDECAR_TYPES: dict[str, tuple[type, ...]] = {
    "url": (str,),
    "title": (str,),
    "publisher": (str,),
    "published": (str,),
    "language": (str,),
    "license": (str,),
    "authors": (list,),
    "notes": (str,),
}


def article_id(path: str) -> str:
    """The stable id of the article at raw-relative `path`: the path without its extension."""
    stem, _dot, _ext = path.rpartition(".")
    return stem or path


def sidecar_path(path: Path) -> Path:
    """`name.txt` -> `name.meta.json`."""
    return path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX)


def article_files(raw_root: Path) -> list[str]:
    """The POSIX path under `raw_root` of every article file, sorted (file-system order is not stable)."""
    found = []
    root = os.fspath(raw_root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in filenames:
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            if os.path.splitext(name)[1].lower() in FORMATS:
                found.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return sorted(found)


def discover(raw_root: Path) -> list[Path]:
    """Every article file under `raw_root`, sorted by relative path."""
    return [raw_root / rel for rel in article_files(raw_root)]


# Larger inputs are rejected (parse_too_large) before being read: a news article is a few hundred
# kilobytes of HTML at most, and a 20 MB page costs a worker hundreds of megabytes in the HTML tree.
MAX_BYTES = 5_000_000
MAX_SIDECAR_BYTES = 1_000_000


class TooLarge(ValueError):
    """A file over the size limit."""


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _real_dir(folder: str) -> str:
    """The real path of a folder, resolved once per folder (an absolute path: the cache must not depend on the cwd)."""
    return _realpath(os.path.abspath(folder))


_realpath = functools.lru_cache(maxsize=4096)(os.path.realpath)


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _open_inside(path: str, real_root: str) -> int:
    """A file descriptor for `path` when it lies inside the raw folder, following a final symlink
    only when its target does too (PermissionError otherwise)."""
    if not _inside(_real_dir(os.path.dirname(path)), real_root):
        raise PermissionError(f"folder is outside the raw folder: {_real_dir(os.path.dirname(path))}")
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    if nofollow:
        try:
            return os.open(path, _OPEN_FLAGS | nofollow)      # the common case: one system call
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.EMLINK):  # ELOOP: the file is a symlink
                raise
    real = os.path.realpath(path)
    if not _inside(real, real_root):
        raise PermissionError(f"symlink points outside the raw folder: {real}")
    return os.open(real, _OPEN_FLAGS)


def _read_file(path: str, real_root: str, limit: int) -> bytes:
    """The bytes of a regular file inside the raw folder; OSError or TooLarge (with the reason) otherwise."""
    # A FIFO or device named .txt would block or never end: it is opened non-blocking and refused.
    with os.fdopen(_open_inside(path, real_root), "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise PermissionError("not a regular file")
        if info.st_size > limit:
            raise TooLarge(f"{info.st_size} bytes, over the {limit}-byte limit")
        # read what fstat announced (a buffer of `limit` bytes per file was the first pass's main cost)
        data = f.read(info.st_size + 1)
        if len(data) > info.st_size:                 # it grew while being read
            data += f.read(limit + 1 - len(data))
    if len(data) > limit:
        raise TooLarge(f"over the {limit}-byte limit")
    return data


def _read_sidecar(path: str, real_root: str) -> dict:
    """The sidecar's metadata, {} when there is none; ValueError on bad JSON or types."""
    side = path[: -len(os.path.splitext(path)[1])] + SIDECAR_SUFFIX
    name = os.path.basename(side)
    try:
        meta = json.loads(_read_file(side, real_root, MAX_SIDECAR_BYTES).decode("utf-8"))
    except FileNotFoundError:
        if os.path.islink(side):
            raise ValueError(f"{name}: symlink to a missing file") from None
        return {}
    except TooLarge as exc:
        raise ValueError(f"{name}: {exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"{name}: not valid JSON ({type(exc).__name__}: {str(exc)[:200]})") from None
    except OSError as exc:
        raise ValueError(f"{name}: {exc}") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{name}: expected a JSON object, got {type(meta).__name__}")
    for key, types in SIDECAR_TYPES.items():
        value = meta.get(key)
        if value is not None and not isinstance(value, types):
            raise ValueError(f"{name}: {key!r} must be {types[0].__name__}, got {type(value).__name__}")
    if any(not isinstance(a, str) for a in meta.get("authors") or []):
        raise ValueError(f"{name}: 'authors' must be a list of strings")
    return meta


def read(path: Path, raw_root: Path, max_bytes: int = MAX_BYTES) -> RawDocument | Rejection:
    """Read one article file and its sidecar; any problem becomes a Rejection naming the file."""
    rel = path.relative_to(raw_root).as_posix()
    aid = article_id(rel)
    real_root = _real_dir(os.fspath(raw_root))
    try:
        data = _read_file(os.fspath(path), real_root, max_bytes)
    except TooLarge as exc:
        return Rejection(rel, aid, "parse_too_large", str(exc))
    except OSError as exc:
        return Rejection(rel, aid, "source_unreadable", str(exc) if isinstance(exc, PermissionError)
                         else f"{type(exc).__name__}: {exc.strerror or exc}")
    try:
        meta = _read_sidecar(os.fspath(path), real_root)
    except ValueError as exc:
        return Rejection(rel, aid, "source_bad_sidecar", str(exc))
    return RawDocument(
        path=rel,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
        format=FORMATS[path.suffix.lower()],
    )
