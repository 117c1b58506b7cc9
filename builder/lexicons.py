"""Load the word lists in builder/lexicons/*.txt (one entry a line, `#` comments).

File names are `<name>.<language>.txt`; a language without its own list falls back to English.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicons")


@functools.cache
def lines(name: str, language: str = "en") -> tuple[str, ...]:
    """Entries of lexicon `name` for `language` (English when the language has none)."""
    path = LEXICON_DIR / f"{name}.{language}.txt"
    if not path.exists():
        path = LEXICON_DIR / f"{name}.en.txt"
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if entry:
            out.append(entry)
    return tuple(out)


@functools.cache
def words(name: str, language: str = "en") -> frozenset[str]:
    """Every whitespace-separated word of a lexicon, as a set."""
    return frozenset(w for entry in lines(name, language) for w in entry.split())


@functools.cache
def table(name: str, language: str = "en") -> dict[str, str]:
    """A two-column lexicon ("word value") as a dict."""
    return dict(entry.split(None, 1) for entry in lines(name, language))


@functools.cache
def verb_forms(name: str, language: str = "en") -> dict[str, str]:
    """Every form of every verb in a verb lexicon, mapped to its first (base) form; a form written
    in parentheses ("(states)") is no cue: it reads as a noun far more often than as a verb."""
    return {form: entry.split()[0].strip("()") for entry in lines(name, language) for form in entry.split()
            if not form.startswith("(")}


@functools.cache
def phrasal_forms(name: str, language: str = "en") -> dict[str, str]:
    """Each form of each verb joined to each of its particles ("talk talks | about" ->
    {"talk about": "talk", "talks about": "talk"}); a language without the list has none."""
    if not (LEXICON_DIR / f"{name}.{language}.txt").exists():
        return {}
    out = {}
    for entry in lines(name, language):
        forms, particles = entry.split("|", 1)
        for particle in particles.split(","):
            for form in forms.split():
                out[f"{form} {' '.join(particle.split())}"] = forms.split()[0]
    return out


def languages() -> tuple[str, ...]:
    """Languages that have at least one lexicon file."""
    return tuple(sorted({p.name.split(".")[-2] for p in LEXICON_DIR.glob("*.txt")}))


def digest() -> str:
    """sha256 over every lexicon file: part of the build's input digest and cache key."""
    h = hashlib.sha256()
    for path in sorted(LEXICON_DIR.glob("*.txt")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
