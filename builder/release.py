"""Release a dataset version: bump card/dataset.toml, add a CHANGELOG entry written from the diff, rebuild.

The version's source of truth is `card/dataset.toml` and `card/CHANGELOG.md`; the build copies it into
every `configs[].version` of `dataset/README.md`, into `manifest.json` and `dataset/CHANGELOG.md`, so
deleting `dataset/` and rebuilding gives the same bytes. The release is compared with the previous
one (git tag `v<version>` when it exists, else HEAD) and refuses a bump smaller than the changes imply.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from builder.diff import BUMPS, DatasetDiff, bump_version, diff
from builder.export import CardMeta
from builder.snapshot import load

_VERSION_LINE = re.compile(r'^(version\s*=\s*")(\d+\.\d+\.\d+)(")', re.MULTILINE)
ARTICLES_LISTED = 10


class ReleaseError(ValueError):
    """A release that would be wrong: nothing to release, a bump too small, a tag that exists."""


@dataclass
class Release:
    """What a release did (or, with dry_run, would do)."""

    old_version: str
    version: str
    bump: str
    baseline: str
    entry: str

    @property
    def tag(self) -> str:
        """The git tag of the release, as the Hub's `revision=` reads it."""
        return f"v{self.version}"


def _tag_exists(repo: Path, tag: str) -> bool:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}"],
                          capture_output=True).returncode == 0


def changelog_entry(version: str, d: DatasetDiff, baseline: str, note: str | None = None) -> str:
    """The CHANGELOG section of a release, written from the diff summary (no dates: builds stay reproducible)."""
    lines = [f"## {version}", ""]
    if note:
        lines += [note.strip(), ""]
    lines.append(f"{d.bump().upper()} release, compared with {d.old.version or baseline}: {d.reason()}.")
    lines.append("")
    lines += [f"- Schema: {s}" for s in d.schema]
    for config, n in d.counts().items():
        moves = [f"{n[s]} {s}" for s in ("added", "removed", "changed", "moved") if n[s]]
        if moves:
            total = n["added"] + n["changed"] + n["moved"] + n["unchanged"]
            lines.append(f"- {config}: {', '.join(moves)} ({total} rows)")
    articles = sorted({c.article_id for c in d.changes if c.article_id})
    if articles:
        shown = ", ".join(f"`{a}`" for a in articles[:ARTICLES_LISTED])
        more = f" and {len(articles) - ARTICLES_LISTED} more" if len(articles) > ARTICLES_LISTED else ""
        lines.append(f"- Articles with changes ({len(articles)}): {shown}{more}")
    rules = sorted({r for c in d.changes if c.status != "moved" for r in c.rules()})
    if rules:
        lines.append(f"- Rules behind the changes: {', '.join(f'`{r}`' for r in rules)}")
    return "\n".join(lines) + "\n"


def add_entry(changelog: str, entry: str) -> str:
    """The changelog with `entry` placed above the newest version's section."""
    at = re.search(r"^## ", changelog, re.MULTILINE)
    if at is None:
        return changelog.rstrip("\n") + "\n\n" + entry
    return changelog[:at.start()] + entry + "\n" + changelog[at.start():]


def set_version(toml: str, version: str) -> str:
    """dataset.toml with its `version = "..."` line changed, comments and layout kept."""
    new, n = _VERSION_LINE.subn(lambda m: f"{m[1]}{version}{m[3]}", toml, count=1)
    if n != 1:
        raise ReleaseError('card/dataset.toml has no `version = "x.y.z"` line')
    return new


def release(raw: Path, out: Path, card: Path, bump: str | None = None, since: str | None = None,
            note: str | None = None, force: bool = False, dry_run: bool = False, jobs: int = 1) -> Release:
    """Bump the version by `bump` (default: the bump the changes imply), write the changelog, rebuild `out`."""
    from builder.pipeline import build

    build(raw, out, card, jobs=jobs, progress=False)          # compare what the inputs make now
    meta = CardMeta.load(card / "dataset.toml")
    repo = Path(subprocess.run(["git", "-C", str(out.resolve().parent), "rev-parse", "--show-toplevel"],
                               capture_output=True, text=True).stdout.strip() or ".")
    baseline = since or (f"v{meta.version}" if _tag_exists(repo, f"v{meta.version}") else "HEAD")
    d = diff(load(baseline, out), load(str(out), out))
    implied = d.bump()
    chosen = bump or implied
    if chosen == "none":
        raise ReleaseError(f"no record changed since {baseline}: nothing to release "
                           "(pass --patch, --minor or --major to release anyway)")
    if BUMPS.index(chosen) < BUMPS.index(implied) and not force:
        raise ReleaseError(f"the changes since {baseline} need a {implied.upper()} release ({d.reason()}); "
                           f"--{chosen} is too small (--force to override)")
    version = bump_version(meta.version, chosen)
    if _tag_exists(repo, f"v{version}"):
        raise ReleaseError(f"tag v{version} already exists: is card/dataset.toml behind the last release?")
    entry = changelog_entry(version, d, baseline, note)
    done = Release(meta.version, version, chosen, baseline, entry)
    if dry_run:
        return done
    toml_path, log_path = card / "dataset.toml", card / "CHANGELOG.md"
    toml, log = toml_path.read_text(encoding="utf-8"), log_path.read_text(encoding="utf-8")
    toml_path.write_text(set_version(toml, version), encoding="utf-8", newline="\n")
    log_path.write_text(add_entry(log, entry), encoding="utf-8", newline="\n")
    try:
        build(raw, out, card, jobs=jobs, progress=False)
    except BaseException:
        # A failed rebuild leaves dataset/ as it was (atomic swap); put the card back to match it.
        toml_path.write_text(toml, encoding="utf-8", newline="\n")
        log_path.write_text(log, encoding="utf-8", newline="\n")
        raise
    return done


def next_steps(r: Release, hub_repo: str) -> str:
    """The commands that finish a release: commit, tag, push, publish on the Hub."""
    repo = hub_repo or "<user>/<dataset>"
    return "\n".join([
        "Commit the release and create its tag:",
        f'  git add card dataset && git commit -m "Release dataset {r.version}"',
        f'  git tag -a {r.tag} -m "dataset {r.version}"',
        f"  git push origin HEAD {r.tag}",
        "Publish it on the Hugging Face Hub (after `hf auth login`):",
        f'  hf upload {repo} dataset . --repo-type dataset --delete "data/**" --commit-message "Release {r.version}"',
        f'  hf repos tag create {repo} {r.tag} --repo-type dataset -m "dataset {r.version}"',
    ])
