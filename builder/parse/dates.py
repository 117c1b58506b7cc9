"""Visible date lines ("Saturday, September 7, 2019", "08 Octubre 2020 06:36 AM") to ISO 8601."""

from __future__ import annotations

import regex

MONTHS = {
    # English, Spanish, French, German: the languages of the corpus (lower-case, accents kept).
    **{m: i for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1)},
    **{m: i for i, m in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    **{m: i for i, m in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)},
    **{m: i for i, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1)},
    **{m: i for i, m in enumerate(
        "januar februar märz april mai juni juli august september oktober november dezember".split(), 1)},
}
_MONTH = "|".join(sorted(map(regex.escape, MONTHS), key=len, reverse=True))
_WEEKDAY = r"(?:[A-Za-zÀ-ÿ]+,?\s+)?"
_TIME = r"(?:[,\s]+(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
_DATE_LINE = regex.compile(
    rf"""^\s*{_WEEKDAY}(?:
        (?P<mon>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})          # September 7, 2019
      | (?P<day2>\d{{1,2}})\.?\s+(?:de\s+)?(?P<mon2>{_MONTH})\.?\s+(?:de\s+)?(?P<year2>\d{{4}})  # 7 September 2019
      | (?P<year3>\d{{4}})-(?P<mon3>\d{{2}})-(?P<day3>\d{{2}})                  # 2019-09-07
    ){_TIME}\s*(?:[A-Z]{{2,4}})?\s*$""",
    regex.I | regex.X,
)


def parse_date_line(line: str) -> str | None:
    """ISO date (or datetime, when the line has a time) of a line that is only a date, else None."""
    if len(line) > 60:
        return None
    m = _DATE_LINE.match(line)
    if not m:
        return None
    if m["year3"]:
        year, month, day = int(m["year3"]), int(m["mon3"]), int(m["day3"])
    elif m["year"]:
        year, month, day = int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"])
    else:
        year, month, day = int(m["year2"]), MONTHS[m["mon2"].lower()], int(m["day2"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if m["h"]:
        hour = int(m["h"]) % 12 + (12 if (m["ampm"] or "").lower().startswith("p") else 0) \
            if m["ampm"] else int(m["h"])
        iso += f"T{hour:02d}:{int(m['mi']):02d}"
    return iso
