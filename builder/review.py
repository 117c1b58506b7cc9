"""Static HTML review pages: each article's text with its quotes, speakers and citations highlighted.

`python -m builder review` writes `index.html` (articles with counts) and one page per article under
`articles/`. Pages are self-contained (CSS and JS from `builder/templates/` inlined, no server, no
external assets) and deterministic. With a diff, added and changed quotes are marked, removed ones
are struck through where their text still is, and every change shows its fields before → after.
"""

from __future__ import annotations

import fnmatch
import html
import shutil
from collections import Counter
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from string import Template

from builder.diff import Change, DatasetDiff, map_span, shared_blocks
from builder.records import KINDS
from builder.snapshot import Snapshot

TEMPLATES = Path(__file__).parent / "templates"
GENERATOR = '<meta name="generator" content="quote-builder review">'
STATUSES = ("added", "changed", "moved", "removed")


@dataclass(frozen=True)
class Mark:
    """An element wrapped around text[start:end]; `first` goes on its first piece only, `after` follows its end."""

    start: int
    end: int
    layer: int          # nesting order, outermost first: blocks, removed spans, quotes, citations, mentions, cues
    tag: str
    attrs: str
    first: str = ""
    after: str = ""


def render_marks(text: str, marks: list[Mark]) -> str:
    """The text as HTML with every mark wrapped; marks that cross are split into pieces so tags nest."""
    marks = sorted({m for m in marks if m.start < m.end}, key=lambda m: (m.layer, m.start, -m.end, m.attrs))
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[Mark] = []
    opened: set[Mark] = set()
    for a, b in zip(points, points[1:]):
        active = [m for m in marks if m.start <= a and b <= m.end]   # already in nesting order
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        for m in reversed(stack[keep:]):
            out.append(f"</{m.tag}>" + (m.after if m.end <= a else ""))
        for m in active[keep:]:
            out.append(f"<{m.tag} {m.attrs}{'' if m in opened else m.first}>")
            opened.add(m)
        stack = active
        segment = text[a:b]
        # Whitespace between blocks is only layout; inside a mark it is part of the quote.
        out.append("\n" if not active and not segment.strip() else html.escape(segment, quote=False))
    out += [f"</{m.tag}>{m.after}" for m in reversed(stack)]
    return "".join(out)


def _attr(text: str) -> str:
    """Text for an attribute value; newlines kept for multi-line tooltips."""
    return html.escape(text, quote=True).replace("\n", "&#10;")


def _esc(text) -> str:
    """Text content, escaped; None as empty."""
    return html.escape("" if text is None else str(text), quote=False)


def _change_lines(c: Change | None) -> list[str]:
    """`field: before → after` lines of a change, offsets the text edit explains left out."""
    if c is None:
        return []
    return [f"{name}: {_short(a)} → {_short(b)}" for name, (a, b) in c.fields.items() if name not in c.shifted]


def _short(value, limit: int = 90) -> str:
    """A field value for a tooltip: strings in quotes, null spelt out, long values cut."""
    text = "null" if value is None else repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote_title(n: int, q: dict, change: Change | None) -> str:
    """The hover text of a quote: kind, speaker, mention, cue, title, rules, and what changed."""
    who = q["speaker"] or "no resolved speaker"
    lines = [f"#{n} {q['kind']} quote · {who} ({q['speaker_kind']})",
             f"mention: {_short(q['speaker_mention'])} · cue: {_short(q['cue'])}",
             f"title: {_short(q['speaker_title'])} · affiliation: {_short(q['speaker_affiliation'])}",
             f"rules: {', '.join(q['rules'])}"]
    if change is not None:
        lines += [f"{change.status} since the old version:", *_change_lines(change)]
    return "\n".join(lines)


def _page(title: str, body: str, attrs: str = "") -> str:
    """A whole HTML document with the stylesheet and script inlined."""
    return Template((TEMPLATES / "page.html").read_text(encoding="utf-8")).substitute(
        title=_esc(title), css=(TEMPLATES / "review.css").read_text(encoding="utf-8").strip(),
        js=(TEMPLATES / "review.js").read_text(encoding="utf-8").strip(), body=body, attrs=attrs)


def _legend(with_diff: bool) -> str:
    """What the colours and marks mean."""
    items = [f'<span><span class="swatch" style="background:var(--{k})"></span> {k}</span>' for k in KINDS]
    items += ['<span><a class="m">speaker mention</a> (hover: its quotes)</span>',
              '<span><span class="cue">cue</span></span>',
              '<span><span class="cit">cited source</span><sup class="cit-mark">[src]</sup></span>',
              '<span><sup class="who">speaker</sup> attribution</span>']
    if with_diff:
        items += [f'<span class="badge {s}">{s}</span>' for s in STATUSES]
    return '<div class="legend">' + "".join(items) + "</div>"


@dataclass
class ArticleChanges:
    """The diff restricted to one article: changes by new record id, removed records, the article's own change."""

    by_id: dict[str, Change]
    removed: list[Change]
    article: Change | None

    def counts(self) -> Counter:
        """Records of the article per status, quotes and citations together."""
        return Counter([c.status for c in self.by_id.values()] + [c.status for c in self.removed])


def _article_changes(d: DatasetDiff | None) -> dict[str, ArticleChanges]:
    """The diff's changes grouped by article."""
    out: dict[str, ArticleChanges] = {}
    for c in d.changes if d else ():
        if c.article_id is None:
            continue
        entry = out.setdefault(c.article_id, ArticleChanges({}, [], None))
        if c.config == "articles":
            entry.article = c
        elif c.status == "removed":
            entry.removed.append(c)
        else:
            entry.by_id[c.new["id"]] = c
    return out


def article_page(article: dict, quotes: list[dict], citations: list[dict], changes: ArticleChanges | None,
                 depth: int) -> str:
    """One article: header, legend, the highlighted text, then quotes and citations as tables."""
    text, diffing = article["text"], changes is not None
    changes = changes or ArticleChanges({}, [], None)
    marks = [Mark(p["start"], p["end"], 0, "div", f'class="blk {p["kind"]}"') for p in article["paragraphs"]]
    marks = marks or [Mark(0, len(text), 0, "div", 'class="blk paragraph"')]
    number = {q["id"]: n for n, q in enumerate(quotes, 1)}
    mentions: dict[tuple[int, int], list[dict]] = {}
    cues: dict[tuple[int, int], list[int]] = {}
    for q in quotes:
        n, change = number[q["id"]], changes.by_id.get(q["id"])
        status = f" {change.status}" if change else ""
        label = q["speaker"] or q["speaker_mention"]
        marks.append(Mark(q["start"], q["end"], 2, "mark", f'class="q {q["kind"]}{status}" data-q="{n}" '
                          f'title="{_attr(_quote_title(n, q, change))}"', first=f' id="q-{n}"',
                          after=f'<sup class="who{"" if label else " none"}" data-q="{n}">'
                                f'{_esc(label or "?")}</sup>'))
        if q["speaker_start"] is not None:
            mentions.setdefault((q["speaker_start"], q["speaker_end"]), []).append(q)
        if q["cue_start"] is not None:
            cues.setdefault((q["cue_start"], q["cue_end"]), []).append(n)
    for (s, e), qs in mentions.items():
        nums = [number[q["id"]] for q in qs]
        tip = f"{qs[0]['speaker'] or 'unresolved'} ({qs[0]['speaker_kind']}) · quotes " + ", ".join(f"#{k}" for k in nums)
        marks.append(Mark(s, e, 4, "a", f'class="m" href="#q-{nums[0]}" data-q="{" ".join(map(str, nums))}" '
                          f'title="{_attr(tip)}"'))
    for (s, e), nums in cues.items():
        marks.append(Mark(s, e, 5, "span", f'class="cue" data-q="{" ".join(map(str, nums))}" '
                          f'title="cue of quote {", ".join(f"#{k}" for k in nums)}"'))
    for c in citations:
        change = changes.by_id.get(c["id"])
        tip = "\n".join([f"cited: {c['cited']} ({c['cited_kind']}) · cue: {c['cue']}", f"url: {c['url'] or '—'}",
                         f"rules: {', '.join(c['rules'])}", *_change_lines(change)])
        marks.append(Mark(c["start"], c["end"], 3, "span", f'class="cit{" " + change.status if change else ""}" '
                          f'title="{_attr(tip)}"', after=f'<sup class="cit-mark" title="{_attr(tip)}">[src]</sup>'))
    old_text = (changes.article.old or {}).get("text") if changes.article else None
    blocks = shared_blocks(old_text, text) if old_text is not None and old_text != text else None
    for c in changes.removed:
        span = (c.old["start"], c.old["end"]) if blocks is None else map_span(blocks, c.old["start"], c.old["end"])
        if span:
            marks.append(Mark(*span, 1, "span", f'class="gone" title="{_attr("removed: " + c.old["id"])}"'))
    kinds = Counter(q["kind"] for q in quotes)
    counted = changes.counts()
    summary = (f"{len(quotes)} quotes ({', '.join(f'{kinds[k]} {k}' for k in KINDS)}), {len(citations)} citations, "
               f"{len({q['speaker'] for q in quotes if q['speaker']})} speakers")
    if diffing:
        summary += " · changes: " + (", ".join(f'<span class="badge {s}">{counted[s]} {s}</span>'
                                               for s in STATUSES if counted[s]) or "none")
        if changes.article and changes.article.status == "added":
            summary += ' · <span class="badge added">new article</span>'
        elif changes.article:
            summary += ' · <span class="badge changed">article changed: ' + _esc(", ".join(
                n for n in changes.article.fields if n not in changes.article.shifted)) + "</span>"
    index = "../" * depth + "index.html"
    url = f' · <a href="{_attr(article["url"])}">source</a>' if article.get("url") else ""
    head = (f'<header><p class="nav"><a href="{index}">← all articles</a> · <code>{_esc(article["id"])}</code></p>'
            f'<h1>{_esc(article["title"] or article["id"])}</h1>'
            f'<p class="meta">{_esc(article["publisher"] or "unknown publisher")} · {_esc(article["published"] or "no date")}'
            f' · {_esc(article["license"] or "license not given")}{url}</p>'
            f'<p class="meta">{summary}</p>{_legend(diffing)}<p id="status" class="status">not checked (JavaScript off)</p>'
            "</header>")
    rows = []
    for q in quotes:
        n, change = number[q["id"]], changes.by_id.get(q["id"])
        detail = "".join(f"<li>{_esc(x)}</li>" for x in _change_lines(change))
        badge = f'<span class="badge {change.status}">{change.status}</span>' if change else ""
        rows.append(f'<tr><td class="n"><a href="#q-{n}">{n}</a></td><td>{q["kind"]} {badge}</td>'
                    f"<td>{_esc(q['speaker'] or '—')}<br><small>{_esc(q['speaker_kind'])}</small></td>"
                    f"<td>{_esc(q['speaker_mention'] or '—')}</td>"
                    f"<td>{_esc(' · '.join(x for x in (q['speaker_title'], q['speaker_affiliation']) if x) or '—')}</td>"
                    f"<td>{_esc(q['cue'] or '—')}</td><td>{_esc(', '.join(q['rules']))}</td>"
                    f"<td>{_esc(q['quote'])}{f'<ul class=changes>{detail}</ul>' if detail else ''}</td></tr>")
    quote_table = ('<table><thead><tr><th class="n">#</th><th>kind</th><th>speaker</th><th>mention</th>'
                   "<th>title · affiliation</th><th>cue</th><th>rules</th><th>quote</th></tr></thead><tbody>"
                   + "".join(rows) + "</tbody></table>")
    cite_rows = "".join(f"<tr><td>{_esc(c['cited'])}</td><td>{_esc(c['cited_kind'])}</td><td>{_esc(c['cue'])}</td>"
                        f"<td>{_esc(c['url'] or '—')}</td><td>{_esc(c['claim'] or '—')}</td></tr>" for c in citations)
    cite_table = ("<table><thead><tr><th>cited</th><th>kind</th><th>cue</th><th>url</th><th>claim</th></tr></thead>"
                  f"<tbody>{cite_rows}</tbody></table>")
    removed = ""
    if changes.removed:
        removed = ("<h2>Removed since the old version</h2><ul>" + "".join(
            f"<li><code>{_esc(c.old['id'])}</code> {c.config}: “{_esc(c.old.get('quote') or c.old.get('cited'))}” "
            f"({_esc(', '.join(c.old.get('rules') or []))})</li>" for c in changes.removed) + "</ul>")
    body = (f'{head}<main><div class="text">{render_marks(text, marks)}</div>'
            f"<h2>Quotes ({len(quotes)})</h2>{quote_table}<h2>Citations ({len(citations)})</h2>{cite_table}{removed}"
            "</main><footer>Generated by <code>python -m builder review</code> from the dataset rows.</footer>")
    return _page(article["title"] or article["id"], body, f'data-expected-quotes="{len(quotes)}"')


def _select(ids: list[str], patterns: list[str]) -> list[str]:
    """Article ids matching any pattern (an id or a glob such as `seed/*`); an unknown one is an error."""
    if not patterns:
        return ids
    chosen = []
    for pattern in patterns:
        hits = [i for i in ids if fnmatch.fnmatchcase(i, pattern)]
        if not hits:
            close = get_close_matches(pattern, ids, n=3)
            raise ValueError(f"no article {pattern!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
        chosen += hits
    return sorted(set(chosen))


def index_page(articles: list[dict], by_article: dict, per_article: dict[str, ArticleChanges], d: DatasetDiff | None,
               gone: list[str]) -> str:
    """The list of articles with their counts (and changes), filterable."""
    stat_cols = ["quotes", *KINDS, "citations", "speakers"]
    rows = []
    for a in articles:
        quotes, cites = by_article[a["id"]]
        kinds = Counter(q["kind"] for q in quotes)
        counted = per_article[a["id"]].counts() if a["id"] in per_article else Counter()
        values = [len(quotes), *(kinds[k] for k in KINDS), len(cites), len({q["speaker"] for q in quotes if q["speaker"]})]
        values += [counted[s] for s in STATUSES] if d else []
        changed = "1" if a["id"] in per_article else "0"
        rows.append(f'<tr data-text="{_attr((a["id"] + " " + (a["title"] or "") + " " + (a["publisher"] or "")).lower())}" '
                    f'data-changed="{changed}"><td><a href="articles/{_attr(a["id"])}.html">{_esc(a["id"])}</a><br>'
                    f'<small>{_esc(a["title"] or "")}</small></td><td>{_esc(a["publisher"] or "—")}</td>'
                    + "".join(f'<td class="n">{v}</td>' for v in values) + "</tr>")
    rows += [f'<tr data-text="{_attr(i.lower())}" data-changed="1"><td>{_esc(i)} '
             '<span class="badge removed">article removed</span></td><td>—</td>'
             + '<td class="n">—</td>' * len(stat_cols)
             + "".join(f'<td class="n">{per_article[i].counts()[s]}</td>' for s in STATUSES) + "</tr>" for i in gone]
    total = sum(len(by_article[a["id"]][0]) for a in articles)
    intro = f"{len(articles)} articles, {total} quotes."
    filters = '<div class="filters"><input id="filter" type="search" placeholder="filter by id, title, publisher">'
    if d:
        intro += (f" Compared with <code>{_esc(d.old.label)}</code>: articles changed: {len(per_article)}; implied "
                  f"version bump <b>{d.bump().upper()}</b> ({_esc(d.reason())}).")
        filters += '<label><input id="only-changed" type="checkbox" checked> only changed articles</label>'
    head = "".join(f'<th class="n">{c}</th>' for c in stat_cols + (list(STATUSES) if d else []))
    body = (f"<header><h1>Quote review</h1><p class=\"meta\">{intro}</p>{_legend(bool(d))}</header><main>{filters}</div>"
            f"<table><thead><tr><th>article</th><th>publisher</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></main><footer>Generated by <code>python -m builder review</code>; open an article to see its "
            "highlighted text.</footer>")
    return _page("Quote review", body, 'class="index"')


def write_review(snap: Snapshot, out: Path, patterns: list[str] | None = None, d: DatasetDiff | None = None) -> list[Path]:
    """Write index.html and one page per selected article into `out`; returns the pages written."""
    if out.exists() and any(out.iterdir()):
        index = out / "index.html"
        if not index.exists() or GENERATOR not in index.read_text(encoding="utf-8", errors="replace"):
            raise ValueError(f"{out} is not empty and holds no earlier review: choose another --out")
        shutil.rmtree(out / "articles", ignore_errors=True)
    articles = sorted(snap.rows.get("articles", []), key=lambda a: a["id"])
    wanted = set(_select([a["id"] for a in articles], patterns or []))
    articles = [a for a in articles if a["id"] in wanted]
    by_article: dict[str, tuple[list, list]] = {a["id"]: ([], []) for a in articles}
    for config, slot in (("quotes", 0), ("citations", 1)):
        for row in snap.rows.get(config, []):
            if row["article_id"] in by_article:
                by_article[row["article_id"]][slot].append(row)
    for quotes, cites in by_article.values():
        quotes.sort(key=lambda r: (r["start"], r["end"]))
        cites.sort(key=lambda r: (r["start"], r["end"]))
    per_article = {k: v for k, v in _article_changes(d).items() if k in wanted or (not patterns and k not in by_article)}
    gone = sorted(k for k in per_article if k not in by_article)
    written = []
    for a in articles:
        path = out / "articles" / f"{a['id']}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        changes = per_article.get(a["id"], ArticleChanges({}, [], None)) if d else None
        path.write_text(article_page(a, *by_article[a["id"]], changes, a["id"].count("/") + 1), encoding="utf-8",
                        newline="\n")
        written.append(path)
    (out / "index.html").write_text(index_page(articles, by_article, per_article, d, gone), encoding="utf-8",
                                    newline="\n")
    return written
