"""Semantic diff of two dataset versions: records matched across versions, field changes, implied semver bump.

A side is a dataset folder or a git revision (`builder.snapshot`). Records are matched by id;
records whose id moved (a span grew, shrank or shifted with an edit of the article text) are matched
within their article by span overlap after mapping old offsets through the text both versions share,
so a shifted span reads as one change, not a removal plus an addition. The bump follows DESIGN.md §3:
MAJOR for a schema change, MINOR when records are added or removed, PATCH when fields of existing
records change.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from builder.export import rule_doc
from builder.records import CONFIGS
from builder.snapshot import Snapshot

BUMPS = ("none", "patch", "minor", "major")
# Fields an edit of the article text moves without changing what the record says: offset pairs,
# ids spelled from a span ("<article>:<start>-<end>", "...:c<start>-<end>") and block indexes. A
# change limited to these, explained by the edit, is a record that "moved"; reports fold those.
SPAN_PAIRS = (("start", "end"), ("speaker_start", "speaker_end"), ("cue_start", "cue_end"))
SPAN_IDS = ("id", "statement_id", "quote_id")
_SPAN_ID = re.compile(r"^(.*:c?)(\d+)-(\d+)$")
SPAN_CONFIGS = ("quotes", "citations")
_CHAR_ALIGN_LIMIT = 50_000_000   # len(a) * len(b) above which a replaced stretch is not aligned by character


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


@dataclass
class Change:
    """One record that differs between the versions; `fields` maps a field to (before, after)."""

    config: str
    status: str                      # added | removed | changed | moved
    old: dict | None
    new: dict | None
    fields: dict[str, tuple] = field(default_factory=dict)
    shifted: frozenset[str] = frozenset()    # fields in `fields` the text edit explains

    @property
    def row(self) -> dict:
        """The record as it is now (as it was, when removed)."""
        return self.new if self.new is not None else self.old

    @property
    def article_id(self) -> str | None:
        """The article the record belongs to; None for speakers."""
        return self.row.get("article_id", self.row["id"] if self.config == "articles" else None)

    def sort_key(self) -> tuple:
        """Report order: config, article, position, id."""
        return (list(CONFIGS).index(self.config) if self.config in CONFIGS else len(CONFIGS), self.config,
                self.article_id or "", self.row.get("start", 0), self.row.get("end", 0), self.row["id"])

    def rules(self) -> tuple[str, ...]:
        """Rules named by the record in either version, in order of first appearance."""
        return tuple(dict.fromkeys([*((self.old or {}).get("rules") or []), *((self.new or {}).get("rules") or [])]))


def shared_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """(old offset, new offset, length) of the stretches two texts share: lines first, then characters."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ao, bo = [0], [0]
    for line in a:
        ao.append(ao[-1] + len(line))
    for line in b:
        bo.append(bo[-1] + len(line))
    blocks = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append((ao[i1], bo[j1], ao[i2] - ao[i1]))
        elif tag == "replace" and (ao[i2] - ao[i1]) * (bo[j2] - bo[j1]) <= _CHAR_ALIGN_LIMIT:
            sm = SequenceMatcher(None, old[ao[i1]:ao[i2]], new[bo[j1]:bo[j2]], autojunk=False)
            blocks += [(ao[i1] + m.a, bo[j1] + m.b, m.size) for m in sm.get_matching_blocks() if m.size]
    return blocks


def map_span(blocks: list[tuple[int, int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Where the old span [start, end) lies in the new text, through the shared blocks; None when all of it is gone."""
    hit = [blk for blk in blocks if blk[0] < end and blk[0] + blk[2] > start]
    if not hit:
        return None
    (fa, fb, _), (la, lb, ln) = hit[0], hit[-1]
    return fb + max(start - fa, 0), lb + min(end, la + ln) - la


def _without_offsets(items: list) -> list:
    return [{k: v for k, v in item.items() if k not in ("start", "end")} if isinstance(item, dict) else item
            for item in items]


def shifted_fields(old: dict, new: dict, fields: dict, blocks) -> frozenset[str]:
    """The changed fields that an edit of the article text explains: offsets carried along with shared text."""
    if blocks is None:
        return frozenset()
    out = {"paragraph"} & fields.keys()
    for a, b in SPAN_PAIRS:
        if ({a, b} & fields.keys() and None not in (old.get(a), new.get(a))
                and map_span(blocks, old[a], old[b]) == (new[a], new[b])):
            out |= {a, b} & fields.keys()
    for name in SPAN_IDS:
        m = _SPAN_ID.match(old.get(name) or "") if name in fields else None
        span = map_span(blocks, int(m[2]), int(m[3])) if m else None
        if span and f"{m[1]}{span[0]}-{span[1]}" == new.get(name):
            out.add(name)
    out |= {n for n, (a, b) in fields.items()   # lists of records: articles.sections, .paragraphs
            if isinstance(a, list) and isinstance(b, list) and _without_offsets(a) == _without_offsets(b)}
    return frozenset(out)


def _compare(config: str, old: dict, new: dict, names: list[str], blocks) -> Change | None:
    fields = {n: (old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)}
    if not fields:
        return None
    shifted = shifted_fields(old, new, fields, blocks)
    return Change(config, "moved" if fields.keys() <= shifted else "changed", old, new, fields, shifted)


def _pair_by_span(old_rows: list[dict], new_rows: list[dict], blocks) -> list[tuple[dict, dict]]:
    """Old and new records of one article paired by the overlap of their spans, largest overlap first."""
    candidates = []
    for i, o in enumerate(old_rows):
        span = (o["start"], o["end"]) if blocks is None else map_span(blocks, o["start"], o["end"])
        if span is None:
            continue
        for j, n in enumerate(new_rows):
            overlap = min(span[1], n["end"]) - max(span[0], n["start"])
            if overlap > 0:
                candidates.append((-overlap, o["start"], n["start"], i, j))
    pairs, used_old, used_new = [], set(), set()
    for *_key, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((old_rows[i], new_rows[j]))
    return pairs


def config_order(names: set[str]) -> list[str]:
    """Config names in the builder's order (quotes first), unknown ones after, sorted."""
    return [c for c in CONFIGS if c in names] + sorted(names - set(CONFIGS))


@dataclass
class DatasetDiff:
    """Everything that differs between two snapshots."""

    old: Snapshot
    new: Snapshot
    schema: list[str]
    changes: list[Change]
    unchanged: Counter

    def counts(self) -> dict[str, dict[str, int]]:
        """config -> added / removed / changed / moved / unchanged."""
        tally = Counter((c.config, c.status) for c in self.changes)
        return {cfg: {s: tally[cfg, s] for s in ("added", "removed", "changed", "moved")} | {
            "unchanged": self.unchanged[cfg]} for cfg in config_order(set(self.old.rows) | set(self.new.rows))}

    def bump(self) -> str:
        """The semver bump these changes imply (DESIGN.md §3)."""
        statuses = {c.status for c in self.changes}
        if self.schema:
            return "major"
        if statuses & {"added", "removed"}:
            return "minor"
        return "patch" if statuses else "none"

    def reason(self) -> str:
        """Why the bump, in one line."""
        bump = self.bump()
        if bump == "major":
            return "the schema changed"
        if bump == "none":
            return "no record changed"
        wanted = ("added", "removed") if bump == "minor" else ("changed", "moved")
        parts = [f"{cfg}: " + ", ".join(f"{n[s]} {s}" for s in wanted if n[s])
                 for cfg, n in self.counts().items() if any(n[s] for s in wanted)]
        what = "records added or removed" if bump == "minor" else "fields of existing records changed"
        return f"{what} ({'; '.join(parts)})"


def schema_changes(old: Snapshot, new: Snapshot) -> list[str]:
    """Configs and fields added, removed or retyped, from the two cards' features."""
    before, after = old.features(), new.features()
    out = []
    for config in config_order(set(before) | set(after)):
        if config not in before:
            out.append(f"config `{config}` added")
        elif config not in after:
            out.append(f"config `{config}` removed")
        else:
            a, b = before[config], after[config]
            out += [f"{config}: field `{n}` added ({type_name(b[n])})" for n in b if n not in a]
            out += [f"{config}: field `{n}` removed (was {type_name(a[n])})" for n in a if n not in b]
            out += [f"{config}: field `{n}` retyped: {type_name(a[n])} → {type_name(b[n])}"
                    for n in b if n in a and a[n] != b[n]]
    return out


def type_name(feature) -> str:
    """A card feature as a short type: string, int64, class_label(direct, mixed), list<string>, struct{...}."""
    if isinstance(feature, list):
        return "{" + ", ".join(f"{f['name']}: {type_name({k: v for k, v in f.items() if k != 'name'})}"
                               for f in feature) + "}"
    if "list" in feature:
        return f"list<{type_name(feature['list']) if isinstance(feature['list'], list) else feature['list']}>"
    if "struct" in feature:
        return "struct" + type_name(feature["struct"])
    dtype = feature.get("dtype")
    if isinstance(dtype, dict) and "class_label" in dtype:
        return "class_label(" + ", ".join(dtype["class_label"]["names"].values()) + ")"
    return str(dtype)


def diff(old: Snapshot, new: Snapshot) -> DatasetDiff:
    """Match every record of `old` to `new` and list what changed."""
    features_old, features_new = old.features(), new.features()
    texts_old = {a["id"]: a.get("text", "") for a in old.rows.get("articles", [])}
    texts_new = {a["id"]: a.get("text", "") for a in new.rows.get("articles", [])}
    aligned: dict[str, list | None] = {}

    def blocks(article_id: str | None):
        """Shared stretches of the article's two texts; None when the text did not change."""
        if article_id not in aligned:
            a, b = texts_old.get(article_id), texts_new.get(article_id)
            aligned[article_id] = None if a == b or a is None or b is None else shared_blocks(a, b)
        return aligned[article_id]

    changes: list[Change] = []
    unchanged = Counter()
    for config in sorted(set(old.rows) | set(new.rows)):
        before = {r["id"]: r for r in old.rows.get(config, [])}
        after = {r["id"]: r for r in new.rows.get(config, [])}
        # Fields added or removed are reported once as schema changes, not on every record.
        fo, fn = features_old.get(config), features_new.get(config)
        sample = next(iter(after.values()), None) or next(iter(before.values()), {})
        names = [n for n in fn if n in fo] if fo and fn else list(sample)
        article_key = "id" if config == "articles" else "article_id"
        for rid in sorted(before.keys() & after.keys()):
            change = _compare(config, before[rid], after[rid], names, blocks(after[rid].get(article_key)))
            if change:
                changes.append(change)
            else:
                unchanged[config] += 1
        gone = [before[k] for k in sorted(before.keys() - after.keys())]
        new_rows = [after[k] for k in sorted(after.keys() - before.keys())]
        if config in SPAN_CONFIGS:
            by_article: dict[str, tuple[list, list]] = {}
            for r in gone:
                by_article.setdefault(r["article_id"], ([], []))[0].append(r)
            for r in new_rows:
                by_article.setdefault(r["article_id"], ([], []))[1].append(r)
            paired_old, paired_new = set(), set()
            for art, (olds, news) in sorted(by_article.items()):
                for o, n in _pair_by_span(olds, news, blocks(art)) if olds and news else ():
                    changes.append(_compare(config, o, n, names, blocks(art)))
                    paired_old.add(o["id"])
                    paired_new.add(n["id"])
            gone = [r for r in gone if r["id"] not in paired_old]
            new_rows = [r for r in new_rows if r["id"] not in paired_new]
        changes += [Change(config, "removed", r, None) for r in gone]
        changes += [Change(config, "added", None, r) for r in new_rows]
    return DatasetDiff(old, new, schema_changes(old, new), sorted(changes, key=Change.sort_key), unchanged)


def bump_version(version: str, bump: str) -> str:
    """`version` raised by `bump` (major, minor, patch or none)."""
    major, minor, patch = (int(x) for x in version.split("."))
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}",
            "none": version}[bump]


def version_key(version: str) -> tuple[int, ...]:
    """A x.y.z version as a tuple that sorts numerically."""
    return tuple(int(x) for x in version.split("."))


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------

FOLD = 8                    # list items shown before the rest is folded into <details>
COMMENT_BUDGET = 60_000     # characters; GitHub refuses PR comments over 65,536
_SIGNS = {"added": "➕", "removed": "➖", "changed": "✏️", "moved": "↕️"}
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#"})


def _md(text: str, limit: int = 0) -> str:
    """Plain text made safe for Markdown, on one line, optionally shortened."""
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.translate(_MD_SPECIAL)


def _code(text: str) -> str:
    """An inline code span that survives backticks in `text`."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _shorten(before: str, after: str, context: int = 40, limit: int = 160) -> tuple[str, str]:
    """Two long renderings cut down to the stretch where they differ, with some context."""
    if len(before) <= limit and len(after) <= limit:
        return before, after
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    s = 0
    while s < min(len(before), len(after)) - p and before[-1 - s] == after[-1 - s]:
        s += 1

    def cut(t: str) -> str:
        middle = t[max(p - context, 0):len(t) - max(s - context, 0)]
        return ("…" if p > context else "") + middle[:limit] + ("…" if s > context or len(middle) > limit else "")
    return cut(before), cut(after)


def field_change(name: str, before, after) -> str:
    """`name: before → after`, values as JSON, long values cut to where they differ."""
    a, b = _shorten(json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False))
    return f"{name}: {_code(a)} → {_code(b)}"


def text_edits(before: str, after: str, context: int = 30, limit: int = 5) -> list[str]:
    """Each edit between two long texts as `…context` old → new, through the stretches they share."""
    blocks = [(0, 0, 0), *shared_blocks(before, after), (len(before), len(after), 0)]
    edits = []
    for (a0, b0, n0), (a1, b1, _n1) in zip(blocks, blocks[1:]):
        old, new = before[a0 + n0:a1], after[b0 + n0:b1]
        if old or new:
            ctx = before[max(a0 + n0 - context, 0):a0 + n0]
            old_js, new_js = (json.dumps(t[:120], ensure_ascii=False) + ("…" if len(t) > 120 else "") for t in (old, new))
            edits.append(f"…{_md(ctx)} {_code(old_js)} → {_code(new_js)}")
    return edits[:limit] + ([f"… and {len(edits) - limit} more edits"] if len(edits) > limit else [])


def _folded(items: list[str], noun: str) -> list[str]:
    """A Markdown list whose items past FOLD are folded into a <details> with their count."""
    if len(items) <= FOLD + 2:
        return items
    return [*items[:FOLD], "", f"<details><summary>{len(items) - FOLD} more {noun}</summary>", "",
            *items[FOLD:], "", "</details>", ""]


def _span(row: dict) -> str:
    """The span part of a record id: `1975-2228` of `<article>:1975-2228`."""
    return row["id"][len(row["article_id"]) + 1:]


def record_lines(c: Change) -> list[str]:
    """A record as a list item: what it is, then its field changes (offsets the text edit explains left out)."""
    row, hidden = c.row, set(c.shifted)
    if c.config == "speakers":
        head = f"{_code(row['id'])} {_md(row['name'])} ({row['kind']}, quotes: {row['quote_count']})"
    elif c.config == "articles":
        head = f"article {_md(row.get('title') or row['id'], 100)}"
    else:
        where = _code(_span(row))
        if c.old is not None and c.new is not None and c.old["id"] != c.new["id"]:
            where = f"{_code(_span(c.old))} → {where}"
            hidden |= {"id", "start", "end"}
        if c.config == "quotes":
            who = row["speaker"] or row["speaker_mention"] or "no speaker"
            head = f"{where} {row['kind']} · {_md(who)} — “{_md(row['quote'], 100)}”"
        else:
            claim = f" — {_md(row['claim'], 80)}" if row.get("claim") else ""
            head = f"{where} {_md(row['cited'], 60)} ({_md(row['cue'])}){claim}"
    lines = [f"- {_SIGNS[c.status]} {head}"]
    for name, (a, b) in c.fields.items():
        if name in hidden:
            continue
        if name == "text" and isinstance(a, str) and isinstance(b, str):
            lines += ["  - text:", *(f"    - {e}" for e in text_edits(a, b))]
        else:
            lines.append(f"  - {field_change(name, a, b)}")
    shifted = sorted(c.shifted - {"id", "start", "end"})
    if shifted and c.status == "changed":
        lines.append(f"  - moved with the text: {', '.join(shifted)}")
    return lines


def _rules_label(rules: list[str]) -> str:
    """Rule names as code, joined in the order applied."""
    return " + ".join(f"`{r}`" for r in rules) or "(no rule)"


def _group_label(c: Change) -> str:
    """The rules a record is listed under: its rules, or `before → after` when a change altered them."""
    old, new = (c.old or {}).get("rules"), (c.new or {}).get("rules")
    if old is not None and new is not None and old != new:
        return f"{_rules_label(old)} → {_rules_label(new)}"
    return _rules_label(new if new is not None else old or [])


def _article_block(article_id: str, changes: list[Change]) -> list[str]:
    """One article's section: counts, its own record, changes grouped by rules, moved records folded."""
    tally = Counter((c.config, c.status) for c in changes)
    summary = " · ".join(f"{cfg}: " + ", ".join(f"{tally[cfg, s]} {s}" for s in _SIGNS if tally[cfg, s])
                         for cfg in dict.fromkeys(c.config for c in changes))
    lines = [f"#### {_code(article_id)}", "", summary, ""]
    for c in changes:
        if c.config == "articles":
            lines += [*record_lines(c), ""]
    groups: dict[str, list[str]] = {}
    for c in changes:
        if c.config in SPAN_CONFIGS and c.status != "moved":
            groups.setdefault(f"{c.config} · {_group_label(c)}", []).append("\n".join(record_lines(c)))
    for label, items in groups.items():
        lines += [f"**{label}** ({len(items)})", "", *_folded(items, "records"), ""]
    moved = [c for c in changes if c.status == "moved" and c.config in SPAN_CONFIGS]
    if moved:
        lines += [f"<details><summary>{len(moved)} records only moved with the text (same content, new "
                  "offsets)</summary>", "", *("\n".join(record_lines(c)) for c in moved), "", "</details>", ""]
    return lines


def render_markdown(d: DatasetDiff) -> str:
    """The diff as Markdown for a pull-request comment: schema first, bump, counts, rules, then per article."""
    bump, old_v, new_v = d.bump(), d.old.version, d.new.version
    out = [f"## Dataset diff: {_code(d.old.label)} → {_code(d.new.label)}", ""]
    if d.schema:
        out += ["### ⚠️ Schema changes", "", *(f"- {s}" for s in d.schema), ""]
    if bump == "none":
        out += [f"**No record changed** — no version bump needed (version {old_v}).", ""]
    else:
        target = bump_version(old_v, bump) if old_v else None
        out += [f"**Implied version bump: {bump.upper()}** — {_md(d.reason())}."]
        if target:
            out += ["", f"Version {old_v} → **{target}**: `python -m builder release --{bump}`."]
            if new_v and new_v != old_v:
                ok = version_key(new_v) >= version_key(target)
                out += ["", f"{'✅' if ok else '⚠️'} {_code(d.new.label)} declares version {new_v}"
                        + ("." if ok else f", below the implied {target}.")]
        out.append("")
    counts = d.counts()
    out += ["| config | added | removed | changed | moved | unchanged |", "|---|---:|---:|---:|---:|---:|"]
    out += [f"| {cfg} | " + " | ".join(str(n[s]) for s in ("added", "removed", "changed", "moved", "unchanged")) + " |"
            for cfg, n in counts.items()]
    out.append("")
    per_rule: dict[str, Counter] = {}
    for c in d.changes:
        if c.status != "moved":
            for rule in c.rules():
                per_rule.setdefault(rule, Counter())[c.status] += 1
    if per_rule:
        out += ["### Rules behind the changes", "", "| rule | what it does | added | removed | changed |",
                "|---|---|---:|---:|---:|"]
        for rule, n in sorted(per_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            out.append(f"| `{rule}` | {_md(rule_doc(rule))} | {n['added']} | {n['removed']} | {n['changed']} |")
        out.append("")
    by_article: dict[str, list[Change]] = {}
    for c in d.changes:
        if c.article_id is not None:
            by_article.setdefault(c.article_id, []).append(c)
    if by_article:
        out += [f"### Articles ({len(by_article)} changed)", ""]
    shown = 0
    for art in sorted(by_article):
        block = _article_block(art, by_article[art])
        if sum(len(x) + 1 for x in out) + sum(len(x) + 1 for x in block) > COMMENT_BUDGET:
            break
        out += block
        shown += 1
    if shown < len(by_article):
        out += [f"*{len(by_article) - shown} more articles not shown (a PR comment holds 65,536 characters): "
                "run `python -m builder diff --json` or `python -m builder review --diff` for all of them.*", ""]
    speakers = [c for c in d.changes if c.config == "speakers"]
    if speakers:
        out += [f"### Speakers ({len(speakers)} changed)", "",
                *_folded(["\n".join(record_lines(c)) for c in speakers], "speakers"), ""]
    return "\n".join(out).rstrip() + "\n"


def to_json(d: DatasetDiff) -> dict:
    """The diff for tools: versions, bump, schema, counts and every changed record with its field changes."""
    bump = d.bump()
    return {
        "old": {"label": d.old.label, "version": d.old.version},
        "new": {"label": d.new.label, "version": d.new.version},
        "bump": bump,
        "next_version": bump_version(d.old.version, bump) if d.old.version else None,
        "reason": d.reason(),
        "schema": d.schema,
        "counts": d.counts(),
        "changes": [{"config": c.config, "status": c.status, "article_id": c.article_id,
                     "id": c.row["id"], "old_id": c.old["id"] if c.old and c.new and c.old["id"] != c.new["id"] else None,
                     "rules": list(c.rules()), "fields": {n: list(v) for n, v in c.fields.items()},
                     "shifted": sorted(c.shifted),
                     **({"record": c.row} if c.status in ("added", "removed") else {})}
                    for c in d.changes],
    }
