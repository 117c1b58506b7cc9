"""One version of the dataset, read from a folder or from a git revision without checking it out."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml


class SnapshotError(ValueError):
    """A side that is neither a dataset folder nor a git revision holding one."""


@dataclass
class Snapshot:
    """One version of the dataset: its card header, manifest and rows per config."""

    label: str
    card: dict
    manifest: dict
    rows: dict[str, list[dict]]

    @property
    def version(self) -> str | None:
        """The version the card declares (`configs[].version`), else the manifest's."""
        versions = [c.get("version") for c in self.card.get("configs") or [] if c.get("version")]
        return versions[0] if versions else self.manifest.get("dataset_version")

    def features(self) -> dict[str, dict[str, object]]:
        """config -> {field: feature} from the card's dataset_info (generated from the record classes)."""
        return {info["config_name"]: {f["name"]: {k: v for k, v in f.items() if k != "name"}
                                      for f in info.get("features") or []}
                for info in self.card.get("dataset_info") or []}


def card_header(text: str) -> dict:
    """The YAML front matter of a dataset card ({} when there is none)."""
    end = text.find("\n---\n", 4) if text.startswith("---\n") else -1
    if end < 0:
        return {}
    return yaml.safe_load(text[4:end]) or {}


def _snapshot(label: str, files: dict[str, bytes]) -> Snapshot:
    rows: dict[str, list[dict]] = {}
    for path in sorted(p for p in files if p.startswith("data/") and p.endswith(".jsonl")):
        config = path.split("/")[1]
        rows.setdefault(config, []).extend(json.loads(line) for line in files[path].decode("utf-8").splitlines()
                                           if line.strip())
    card = card_header(files["README.md"].decode("utf-8")) if "README.md" in files else {}
    manifest = json.loads(files["manifest.json"]) if "manifest.json" in files else {}
    return Snapshot(label, card, manifest, rows)


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True)
    if proc.returncode:
        raise SnapshotError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def git_files(repo: Path, rev: str, folder: str) -> dict[str, bytes]:
    """Every file under `folder` at revision `rev`, by path relative to `folder` (one `git cat-file` call)."""
    names = [n for n in _git(repo, "ls-tree", "-r", "-z", "--name-only", rev, "--", folder + "/")
             .decode("utf-8").split("\0") if n]
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{rev}:{n}\n" for n in names).encode("utf-8"))
    files, pos = {}, 0
    for name in names:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        files[name[len(folder) + 1:]] = out[header_end + 1:header_end + 1 + size]
        pos = header_end + 2 + size
    return files


def load(spec: str, dataset: Path = Path("dataset")) -> Snapshot:
    """A dataset folder, or a git revision whose `dataset` folder is read from the repository."""
    path = Path(spec)
    if path.is_dir():
        files = {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*"))
                 if p.is_file() and not p.name.startswith(".")}
        if "README.md" not in files and not any(n.startswith("data/") for n in files):
            raise SnapshotError(f"{spec}: not a dataset folder (no README.md, no data/)")
        return _snapshot(spec, files)
    # The repository is the one holding the dataset folder, so tests and scripts can point elsewhere.
    dataset = dataset.resolve()
    where = next((p for p in (dataset, *dataset.parents) if p.is_dir()), Path.cwd())
    repo = Path(_git(where, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    if subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"],
                      capture_output=True).returncode:
        raise SnapshotError(f"{spec}: neither a dataset folder nor a git revision")
    if not dataset.is_relative_to(repo):
        raise SnapshotError(f"{dataset} is not inside the git repository {repo}")
    folder = dataset.relative_to(repo).as_posix()
    files = git_files(repo, spec, folder)
    if not files:
        raise SnapshotError(f"{spec}: the revision has no {folder}/ folder")
    short = _git(repo, "rev-parse", "--short", f"{spec}^{{commit}}").decode().strip()
    return _snapshot(spec if spec == short else f"{spec} ({short})", files)
