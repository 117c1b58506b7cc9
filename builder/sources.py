"""Find articles under raw/, read their bytes and sidecar metadata (`RawDocument`)."""

from __future__ import annotations

import hashlib
import json
import os
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


def _read_sidecar(path: Path) -> dict:
    """The sidecar's metadata, {} when there is none; ValueError on bad JSON or types."""
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{side.name}: not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{side.name}: expected a JSON object, got {type(meta).__name__}")
    for key, types in SIDECAR_TYPES.items():
        value = meta.get(key)
        if value is not None and not isinstance(value, types):
            raise ValueError(f"{side.name}: {key!r} must be {types[0].__name__}, got {type(value).__name__}")
    if any(not isinstance(a, str) for a in meta.get("authors") or []):
        raise ValueError(f"{side.name}: 'authors' must be a list of strings")
    return meta


def read(path: Path, raw_root: Path) -> RawDocument | Rejection:
    """Read one article file and its sidecar; any problem becomes a Rejection naming the file."""
    rel = path.relative_to(raw_root).as_posix()
    aid = article_id(rel)
    real_root = raw_root.resolve()
    try:
        real = path.resolve(strict=True)
    except OSError as exc:
        return Rejection(rel, aid, "source_unreadable", f"cannot resolve path: {exc}")
    if real_root != real and real_root not in real.parents:
        return Rejection(rel, aid, "source_unreadable", f"symlink points outside the raw folder: {real}")
    try:
        data = path.read_bytes()
        meta = _read_sidecar(path)
    except ValueError as exc:
        return Rejection(rel, aid, "source_bad_sidecar", str(exc))
    except OSError as exc:
        return Rejection(rel, aid, "source_unreadable", str(exc))
    return RawDocument(
        path=rel,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
        format=FORMATS[path.suffix.lower()],
    )
