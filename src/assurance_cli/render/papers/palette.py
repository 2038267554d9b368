"""The shades of the board's RAG names (board.yaml's `rag`: red, amber, green, blue, grey).

One palette for every paper, Word and HTML cells and chart bars alike: the GOV.UK Design
System's colours, chosen for public bodies' documents. Text on each is black or white,
whichever contrasts more (`colour.text_colour_on`), so every cell meets WCAG AA (at least
4.5:1: red 4.9, amber 12.8, green 6.2, blue 5.2, grey 10.1). Red and amber differ in
lightness as well as hue, and colour is never the only signal: a cell always carries its
status word, a bar its hatch and its legend.

A status with no RAG name (or a name outside the palette) has no shade: it is printed with
its word alone.
"""

from __future__ import annotations

from assurance_cli.render.papers.document import Rag

RAG_ORDER = ("red", "amber", "green", "blue", "grey")
SHADES = {
    "red": "#D4351C",
    "amber": "#FFBF47",
    "green": "#00703C",
    "blue": "#1D70B8",
    "grey": "#B1B4B6",
}
# The bar of a status with no RAG name in a chart: a light neutral, distinct from grey.
NO_RAG_SHADE = "#F3F2F1"
NOT_STATED = "Not stated"


def shade(rag: str | None) -> str | None:
    """The shade of a RAG name, or None for no name or one outside the palette."""
    return SHADES.get(rag) if rag else None


def rag_label(rag: str | None) -> str:
    """A RAG name as a paper's heading prints it: `Red`; `No RAG rating` for none."""
    return rag.capitalize() if rag else "No RAG rating"


def status_rag(rag: str | None, word: str) -> Rag | None:
    """A status cell's fill with the status word, or None when the status has no shade."""
    colour = shade(rag)
    if colour is None or not word.strip():
        return None
    return Rag(colour, word)
