"""Bytes to text, once per article: BOM, declared charset, UTF-8, then detection; NFC; LF line ends."""

from __future__ import annotations

import codecs
import unicodedata

import regex

# Signatures of files that are not articles whatever their name says.
BINARY_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: pages labelled latin-1 / ascii are decoded as windows-1252 (smart quotes live at 0x91-0x94),
# and pages labelled gb2312 / gbk as gb18030, the superset their bytes actually use.
LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                 "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
                 "iso8859-1": "cp1252", "l1": "cp1252", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}
WESTERN_SINGLE_BYTE = frozenset({"cp1252", "cp1250", "cp1254", "cp1257", "latin_1", "iso8859_15", "iso8859_2",
                                  "iso8859_9", "mac_roman", "mac_latin2", "cp850", "cp437", "mac_iceland", "mac_turkish"})
_DECLARED = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", regex.I)
_LINE_ENDS = regex.compile(r"\r\n?|[\u2028\u2029\x85]")
# HTML's numeric references &#128;-&#159; mean the windows-1252 characters (&#147; is “), not the C1
# controls (WHATWG); invisible soft hyphens and zero-width characters split words for no reader.
_REPAIR = {c: bytes([c]).decode("cp1252", "ignore") or None for c in range(0x80, 0xA0)} | dict.fromkeys(
    map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


class DecodeError(ValueError):
    """Bytes that are not an article's text; `reason` is a REJECTION_REASONS code."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, normalised, if Python knows it."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    label = LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, fmt: str) -> tuple[str, str]:
    """Return (text, encoding used) or raise DecodeError with a rejection reason."""
    if not data.strip():
        raise DecodeError("source_empty", "the file is empty")
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return normalise(data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise DecodeError("parse_undecodable", f"{name} byte-order mark, but {exc}") from None
    for sig, what in BINARY_SIGNATURES:
        if data.startswith(sig):
            raise DecodeError("source_binary", f"{what} data, not an article")
    if b"\x00" in data[:8192]:
        raise DecodeError("source_binary", "NUL bytes: binary data or UTF-16 without a byte-order mark")
    candidates = []
    declared = declared_charset(data) if fmt == "html" else None
    # Valid UTF-8 with non-ASCII bytes is almost never another charset by accident, while pages
    # saved as UTF-8 under their old label (latin-1, windows-1251, shift_jis) are common: trust
    # the bytes over the label.
    if declared and not _is_utf8(data):
        candidates.append(declared)
    candidates.append("utf-8")
    for name in candidates:
        try:
            return normalise(data.decode(name)), name
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # only for the rare file that needs detection

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("parse_undecodable", "neither the declared charset, UTF-8 nor detection decodes it")
    encoding = best.encoding
    if encoding in WESTERN_SINGLE_BYTE:
        # Short Western texts are guessed between look-alike code pages; cp1252 is the one the
        # web actually uses (its 0x91-0x94 are the smart quotes news copy is full of).
        try:
            return normalise(data.decode("cp1252")), "cp1252"
        except UnicodeDecodeError:
            pass
    text = str(best)
    if "\x00" in text or sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t") > 16:
        raise DecodeError("source_binary", f"decodes only as {best.encoding} with control characters: binary data")
    return normalise(text), encoding


def repair(text: str) -> str:
    """Text of an HTML node after entity decoding: C1 references as cp1252, invisible characters out, NFC."""
    return unicodedata.normalize("NFC", text.translate(_REPAIR))


def normalise(text: str) -> str:
    """NFC and LF line ends: the only normalisation the canonical text ever gets."""
    return unicodedata.normalize("NFC", _LINE_ENDS.sub("\n", text))
