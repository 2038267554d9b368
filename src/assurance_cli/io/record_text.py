"""A record's bytes as the text an edit works on, and the edited text back as bytes."""

from __future__ import annotations

from dataclasses import dataclass

from assurance_cli.problems import AssureError


@dataclass(frozen=True)
class Source:
    """A record's text as edited: LF line endings, no byte-order mark."""

    text: str
    bom: bool
    crlf: bool


def decode(raw: bytes) -> Source:
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise AssureError("the file is not UTF-8; run `assure check`") from None
    crlf = "\r" in text
    return Source(text.replace("\r\n", "\n").replace("\r", "\n"), bom, crlf)


def encode(source: Source, text: str) -> bytes:
    """The new text as bytes: LF line endings (a CRLF file is normalised), the BOM kept."""
    return (b"\xef\xbb\xbf" if source.bom else b"") + text.encode("utf-8")
