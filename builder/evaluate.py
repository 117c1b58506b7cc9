"""Scoring and error analysis against gold attributions.

`score` reproduces the reference scorer of DESIGN.md §5 (../shared/eval/score_quotes.py): spans
match at Jaccard >= 0.5 of their trimmed ranges, one-to-one and greedy; a speaker is right when
the mention spans overlap or a content word of the predicted name or mention is in the gold
mention. It lives here so a fresh clone without ../shared can score its own gold set.

Gold comes in two shapes: PolNeAR lines (`text` and offsets), or the project's own gold for
articles in raw/ (`tests/gold/raw.gold.jsonl`), which anchors quotes by their words so that a
parser change does not invalidate the annotations: `resolve_gold` turns it into offsets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jsonlines

MARKS = "\"'“”‘’«»„‟‹›「」『』"
EDGE = set(MARKS + " \t\r\n,.;:!?—–-…()[]")
STOP = set("""a an the of and or to in on at for by with from as is was be been this that these those
he she they it we i you his her their its our my your him them us me who whom which
mr mrs ms dr sen rep gov president said says told according spokesman spokeswoman
official officials source sources""".split())
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
TRACKS = ("direct", "mixed", "indirect", "all")
COLUMNS = ["track", "gold", "pred", "matched", "precision", "recall", "f1", "exact_bounds",
           "speaker_acc", "speaker_acc_lenient", "attribution_f1"]


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """A span without surrounding marks, spaces and punctuation."""
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE:
        e -= 1
    return s, e


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def _words(s: str | None) -> set[str]:
    return {w.lower().removesuffix("’s").removesuffix("'s") for w in WORD.findall(s or "")} - STOP


def speaker_ok(g: dict, p: dict, lenient: bool) -> bool | None:
    """Is the predicted speaker right? None when the gold has no speaker."""
    if g.get("speaker") is None:
        return None
    gs, ge, ps, pe = g.get("speaker_start"), g.get("speaker_end"), p.get("speaker_start"), p.get("speaker_end")
    if None not in (gs, ge, ps, pe) and min(ge, pe) > max(gs, ps):
        return True
    gold_words = _words(g["speaker"])
    if lenient:
        gold_words |= _words((g.get("extra") or {}).get("speaker_resolved"))
    return bool(gold_words & (_words(p.get("speaker")) | _words(p.get("speaker_mention"))))


def match(text: str, gold: list[dict], pred: list[dict]) -> list[tuple[int, int, float, bool]]:
    """Greedy one-to-one matching by Jaccard >= 0.5: [(gold i, pred j, jaccard, exact)]."""
    gs = [trim(text, q["start"], q["end"]) for q in gold]
    ps = [trim(text, q["start"], q["end"]) for q in pred]
    cands = sorted(((jaccard(a, b), i, j) for i, a in enumerate(gs) for j, b in enumerate(ps)
                    if jaccard(a, b) >= 0.5), reverse=True)
    used_g, used_p, out = set(), set(), []
    for jac, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j, jac, gs[i] == ps[j]))
    return out


@dataclass
class Tally:
    """Counts of one track."""

    g: int = 0
    p: int = 0
    m: int = 0
    exact: int = 0
    spk_n: int = 0
    spk_ok: int = 0
    spk_ok_len: int = 0
    pair_ok: int = 0
    ignored: int = 0

    def row(self, name: str) -> dict:
        p_den = self.p - self.ignored
        prec = self.m / p_den if p_den else 0.0
        rec = self.m / self.g if self.g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        e2e_r = self.pair_ok / self.g if self.g else 0.0
        e2e_p = self.pair_ok / p_den if p_den else 0.0
        e2e = 2 * e2e_p * e2e_r / (e2e_p + e2e_r) if e2e_p + e2e_r else 0.0
        return dict(track=name, gold=self.g, pred=p_den, matched=self.m, precision=round(prec, 4),
                    recall=round(rec, 4), f1=round(f1, 4), exact_bounds=round(self.exact / self.m if self.m else 0.0, 4),
                    speaker_acc=round(self.spk_ok / self.spk_n if self.spk_n else 0.0, 4),
                    speaker_acc_lenient=round(self.spk_ok_len / self.spk_n if self.spk_n else 0.0, 4),
                    attribution_f1=round(e2e, 4))


def _select(gold: list[dict], pred: list[dict], track: str) -> tuple[list[dict], list[dict]]:
    if track == "all":
        return gold, pred
    if track == "indirect":
        return [q for q in gold if q["kind"] == track], [q for q in pred if q.get("kind") not in ("direct", "mixed")]
    return [q for q in gold if q["kind"] == track], [q for q in pred if q.get("kind") == track]


def score(gold_docs: list[dict], pred_docs: dict[str, list[dict]]) -> list[dict]:
    """Per-track rows exactly as the reference scorer prints them."""
    tracks = {k: Tally() for k in TRACKS}
    for doc in gold_docs:
        text = doc["text"]
        pred = pred_docs.get(doc["id"]) or []
        for name in TRACKS:
            gsel, psel = _select(doc["quotes"], pred, name)
            t = tracks[name]
            t.g += len(gsel)
            t.p += len(psel)
            pairs = match(text, gsel, psel)
            t.m += len(pairs)
            matched_p = set()
            for gi, pi, _jac, exact in pairs:
                matched_p.add(pi)
                t.exact += exact
                ok = speaker_ok(gsel[gi], psel[pi], lenient=False)
                if ok is not None:
                    t.spk_n += 1
                    t.spk_ok += ok
                    t.spk_ok_len += speaker_ok(gsel[gi], psel[pi], lenient=True)
                t.pair_ok += bool(ok) or (ok is None and not psel[pi].get("speaker"))
            if name != "all":
                # a predicted fragment inside a gold attribution of another kind is no false alarm
                others = [trim(text, q["start"], q["end"]) for q in doc["quotes"] if q not in gsel]
                for pi, q in enumerate(psel):
                    if pi in matched_p:
                        continue
                    s, e = trim(text, q["start"], q["end"])
                    if e > s and any(min(e, b) - max(s, a) >= 0.5 * (e - s) for a, b in others):
                        t.ignored += 1
    return [tracks[k].row(k) for k in TRACKS]


def format_table(rows: list[dict]) -> str:
    """The reference scorer's tab-separated table and summary line."""
    lines = ["\t".join(COLUMNS)] + ["\t".join(str(r[c]) for c in COLUMNS) for r in rows]
    d, a = rows[0], rows[3]
    lines.append(f"direct F1 {d['f1']} speaker {d['speaker_acc']} attribution-F1 {d['attribution_f1']} | "
                 f"all F1 {a['f1']} attribution-F1 {a['attribution_f1']}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# The project's own gold: quotes anchored by their words in articles of raw/
# ---------------------------------------------------------------------------------------------


class GoldError(ValueError):
    """A gold annotation that cannot be found in the article text."""


def _locate(text: str, needle: str, occurrence: int, what: str, doc_id: str) -> int:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise GoldError(f"{doc_id}: {what} {needle[:60]!r} (occurrence {occurrence}) is not in the article text")
    return pos


def _gap(at: int, length: int, start: int, end: int) -> tuple[int, int]:
    """Distance from a mention at `at` to the quote [start, end); a tie goes to the mention before."""
    return (start - (at + length), 0) if at + length <= start else (at - end, 1)


def resolve_gold(doc: dict, text: str) -> dict:
    """Offsets for a project gold line: each quote and speaker mention located in `text`."""
    quotes = []
    for q in doc["quotes"]:
        start = _locate(text, q["quote"], q.get("occurrence", 0), "quote", doc["id"])
        end = start + len(q["quote"])
        row = {"start": start, "end": end, "kind": q["kind"], "speaker": q.get("speaker"),
               "speaker_start": None, "speaker_end": None, "title": q.get("title"),
               "affiliation": q.get("affiliation"), "extra": {}}
        mention = q.get("speaker_mention")
        if mention:
            # the whole-word occurrence nearest to the quote and outside it; a tie goes to the one
            # before (transcript labels precede their turn, and the next turn's label follows it)
            spots = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text)]
            spots = [p for p in spots if p + len(mention) <= start or p >= end] or spots
            if not spots:
                raise GoldError(f"{doc['id']}: speaker mention {mention!r} is not in the article text")
            best = min(spots, key=lambda p: _gap(p, len(mention), start, end))
            row["speaker_start"], row["speaker_end"] = best, best + len(mention)
            row["speaker"] = row["speaker"] or mention
        quotes.append(row)
    return {"id": doc["id"], "text": text, "quotes": quotes, "citations": doc.get("citations", [])}


def load_jsonl(path: Path) -> list[dict]:
    """Every non-blank line of a JSONL file (jsonlines names the bad line when one is not JSON)."""
    with jsonlines.open(path) as reader:
        return list(reader.iter(skip_empty=True))


def title_scores(gold_docs: list[dict], pred_docs: dict[str, list[dict]]) -> dict:
    """Of matched quotes whose gold names a title/affiliation: how often ours contains it (accuracy);
    of matched quotes where we give one: how often it holds the gold one or lies inside it (precision)."""
    out = {}
    for field_gold, field_pred in (("title", "speaker_title"), ("affiliation", "speaker_affiliation")):
        n = ok = given = sound = 0
        for doc in gold_docs:
            pred = pred_docs.get(doc["id"]) or []
            for gi, pi, _j, _e in match(doc["text"], doc["quotes"], pred):
                want = (doc["quotes"][gi].get(field_gold) or "").lower()
                got = (pred[pi].get(field_pred) or "").lower()
                n += bool(want)
                ok += bool(want and got) and want in got
                given += bool(got)
                sound += bool(want and got) and (want in got or got in want)
        out[field_gold] = {"gold": n, "right": ok, "accuracy": round(ok / n, 4) if n else None,
                           "given": given, "sound": sound, "precision": round(sound / given, 4) if given else None}
    return out


def citation_scores(gold_docs: list[dict], pred_citations: dict[str, list[dict]]) -> dict:
    """Precision and recall of cited sources per article: a predicted citation matches a gold one by
    its name or, for links, by its URL (case-insensitive, a leading "the" ignored)."""
    def key(value: str | None) -> str | None:
        return re.sub(r"^the\s+", "", value.strip().lower().rstrip("/")) if value else None

    g = p = m = 0
    for doc in gold_docs:
        want = {key(c["cited"]) for c in doc.get("citations", [])}
        # a source cited twice ("X reports ...", later "told X") is one source, as in the gold set
        got = list({frozenset({key(c.get("cited")), key(c.get("url"))} - {None}) for c in pred_citations.get(doc["id"], [])})
        g += len(want)
        p += len(got)
        m += len({w for w in want if any(w in keys for keys in got)})
    prec, rec = (min(m, p) / p if p else 0.0), (m / g if g else 0.0)
    return {"gold": g, "pred": p, "matched": m, "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0}


# ---------------------------------------------------------------------------------------------
# Error analysis
# ---------------------------------------------------------------------------------------------


def _context(text: str, s: int, e: int, width: int = 70) -> str:
    lo, hi = max(0, s - width), min(len(text), e + width)
    return (text[lo:s] + "[[" + text[s:e] + "]]" + text[e:hi]).replace("\n", " ⏎ ")


def errors(gold_docs: list[dict], pred_docs: dict[str, list[dict]], cue_words: set[str]) -> dict[str, list[str]]:
    """Misses, false alarms and wrong speakers with context, grouped by their likely cause."""
    groups: dict[str, list[str]] = defaultdict(list)
    for doc in gold_docs:
        text, gold = doc["text"], doc["quotes"]
        pred = pred_docs.get(doc["id"]) or []
        pairs = match(text, gold, pred)
        mg = {gi: pi for gi, pi, _, _ in pairs}
        mp = {pi for _, pi, _, _ in pairs}
        for gi, q in enumerate(gold):
            span = trim(text, q["start"], q["end"])
            if gi in mg:
                p = pred[mg[gi]]
                if p.get("kind") != q["kind"] and not (q["kind"] == "indirect" and p.get("kind") not in ("direct", "mixed")):
                    groups[f"kind {q['kind']} read as {p.get('kind')}"].append(_context(text, *span))
                if speaker_ok(q, p, lenient=False) is False:
                    groups[f"wrong speaker ({q['kind']})"].append(
                        f"gold {q.get('speaker')!r} pred {p.get('speaker_mention')!r}: " + _context(text, *span, 40))
                continue
            overl = [p for p in pred if jaccard(span, trim(text, p["start"], p["end"])) > 0]
            cue = ((q.get("extra") or {}).get("cue") or "").lower().strip(" :")
            if overl:
                cause = "boundary (overlap below 0.5)"
            elif cue and not any(w in cue_words for w in cue.split()):
                cause = "cue not in lexicon"
            elif q.get("speaker_start") is None:
                cause = "no speaker mention in gold"
            else:
                cause = "missed shape"
            groups[f"miss {q['kind']}: {cause}"].append(
                (f"cue {cue!r}: " if cue else "") + _context(text, *span))
        for pi, p in enumerate(pred):
            if pi in mp:
                continue
            span = trim(text, p["start"], p["end"])
            overl = [g for g in gold if jaccard(span, trim(text, g["start"], g["end"])) > 0]
            cause = "boundary (overlap below 0.5)" if overl else "no gold attribution"
            groups[f"false alarm {p.get('kind')}: {cause}"].append(
                f"rules {p.get('rules')}: " + _context(text, *span))
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))
