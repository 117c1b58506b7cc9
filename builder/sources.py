"""Find articles under raw/, read their bytes and sidecar metadata (`RawDocument`)."""

from __future__ import annotations

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


def discover(raw_root: Path) -> list[Path]:
    """Every article file under `raw_root`, sorted by relative path (file-system order is not stable)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(raw_root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            if Path(name).suffix.lower() in FORMATS:
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(raw_root).as_posix())


# Larger inputs are rejected (parse_too_large) before being read: a news article is a few hundred
# kilobytes of HTML at most, and a 20 MB page costs a worker hundreds of megabytes in the HTML tree.
MAX_BYTES = 5_000_000
MAX_SIDECAR_BYTES = 1_000_000


class TooLarge(ValueError):
    """A file over the size limit."""


def _inside(real: Path, real_root: Path) -> bool:
    return real == real_root or real_root in real.parents


def _read_file(path: Path, real_root: Path, limit: int) -> bytes:
    """The bytes of a regular file inside the raw folder; OSError or ValueError (with the reason) otherwise."""
    real = path.resolve(strict=True)
    if not _inside(real, real_root):
        raise PermissionError(f"symlink points outside the raw folder: {real}")
    # A FIFO or device named .txt would block or never end: only regular files are read.
    with open(real, "rb", opener=lambda p, flags: os.open(p, flags | getattr(os, "O_NONBLOCK", 0))) as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise PermissionError("not a regular file")
        if info.st_size > limit:
            raise TooLarge(f"{info.st_size} bytes, over the {limit}-byte limit")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"over the {limit}-byte limit")
    return data


def _read_sidecar(path: Path, real_root: Path) -> dict:
    """The sidecar's metadata, {} when there is none; ValueError on bad JSON or types."""
    side = sidecar_path(path)
    if not side.exists() and not side.is_symlink():
        return {}
    try:
        meta = json.loads(_read_file(side, real_root, MAX_SIDECAR_BYTES).decode("utf-8"))
    except TooLarge as exc:
        raise ValueError(f"{side.name}: {exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"{side.name}: not valid JSON ({type(exc).__name__}: {str(exc)[:200]})") from None
    except OSError as exc:
        raise ValueError(f"{side.name}: {exc}") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{side.name}: expected a JSON object, got {type(meta).__name__}")
    for key, types in SIDECAR_TYPES.items():
        value = meta.get(key)
        if value is not None and not isinstance(value, types):
            raise ValueError(f"{side.name}: {key!r} must be {types[0].__name__}, got {type(value).__name__}")
    if any(not isinstance(a, str) for a in meta.get("authors") or []):
        raise ValueError(f"{side.name}: 'authors' must be a list of strings")
    return meta


def read(path: Path, raw_root: Path, max_bytes: int = MAX_BYTES) -> RawDocument | Rejection:
    """Read one article file and its sidecar; any problem becomes a Rejection naming the file."""
    rel = path.relative_to(raw_root).as_posix()
    aid = article_id(rel)
    real_root = raw_root.resolve()
    try:
        data = _read_file(path, real_root, max_bytes)
    except TooLarge as exc:
        return Rejection(rel, aid, "parse_too_large", str(exc))
    except OSError as exc:
        return Rejection(rel, aid, "source_unreadable", str(exc) if isinstance(exc, PermissionError)
                         else f"{type(exc).__name__}: {exc.strerror or exc}")
    try:
        meta = _read_sidecar(path, real_root)
    except ValueError as exc:
        return Rejection(rel, aid, "source_bad_sidecar", str(exc))
    return RawDocument(
        path=rel,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
        format=FORMATS[path.suffix.lower()],
    )
