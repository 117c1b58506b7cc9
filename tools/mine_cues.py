"""Mine reporting and stance verbs from PolNeAR train: which cue forms are worth a lexicon entry.

Usage: python tools/mine_cues.py ../shared/eval/polnear.train.jsonl [--min-count 3] [--min-precision 0.5]

1. Collect the single-word cue forms of the gold attributions (indirect and mixed) that are not in
   the lexicons yet, with their counts.
2. Add them all as candidate cues, run the extractor on train, and count for each candidate form
   how many of its predictions match a gold attribution (Jaccard >= 0.5) and how many do not.
3. Print the forms whose precision and count pass the thresholds, grouped by verb, in lexicon
   format. Nothing is written: a human reads the list and edits builder/lexicons/.
Prints counts only, never article text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder import attribute, evaluate, lexicons  # noqa: E402
from builder.cli import quote_rows  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-precision", type=float, default=0.5)
    args = ap.parse_args()
    docs = evaluate.load_jsonl(Path(args.gold))
    known = set(lexicons.verb_forms("speech_verbs")) | set(lexicons.verb_forms("cognition_verbs"))
    counts = Counter()
    for d in docs:
        for q in d["quotes"]:
            cue = ((q.get("extra") or {}).get("cue") or "").lower().strip(" :")
            if q["kind"] != "direct" and cue.isalpha() and cue not in known:
                counts[cue] += 1
    candidates = {w for w, n in counts.items() if n >= args.min_count}
    original = lexicons.verb_forms

    def with_candidates(name, language="en"):
        forms = dict(original(name, language))
        if name == "cognition_verbs":
            forms.update({w: w for w in candidates})
        return forms

    lexicons.verb_forms = with_candidates
    attribute._cue_table.cache_clear()
    tp, fp = Counter(), Counter()
    for d in docs:
        quotes, _ = quote_rows(d["id"], d["text"])
        pairs = evaluate.match(d["text"], d["quotes"], quotes)
        matched = {pi for _gi, pi, _j, _e in pairs}
        for pi, q in enumerate(quotes):
            cue = (q["cue"] or "").lower()
            if cue in candidates:
                (tp if pi in matched else fp)[cue] += 1
    rows = []
    for w in sorted(candidates):
        n = tp[w] + fp[w]
        if n >= args.min_count and tp[w] / n >= args.min_precision:
            rows.append((w, tp[w], fp[w], counts[w]))
    print(json.dumps([{"form": w, "tp": t, "fp": f, "gold": g} for w, t, f, g in rows], indent=0))
    print(f"{len(rows)} forms kept of {len(candidates)} candidates; +{sum(r[1] for r in rows)} tp, "
          f"+{sum(r[2] for r in rows)} fp", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
