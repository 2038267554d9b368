"""Text colour on a RAG fill, chosen by contrast (WCAG 2 relative luminance and ratio)."""

from __future__ import annotations

import functools

BLACK = "#000000"
WHITE = "#FFFFFF"
AA_NORMAL_TEXT = 4.5  # WCAG 2.x success criterion 1.4.3, level AA, normal-size text


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of `#RRGGBB`, from 0 (black) to 1 (white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


@functools.lru_cache(maxsize=256)  # a paper has a handful of RAG fills and many cells
def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with `fill`. The better of the two is at
    least 4.58:1 for any fill, so text on a RAG cell always meets AA."""
    if contrast_ratio(fill, BLACK) >= contrast_ratio(fill, WHITE):
        return BLACK
    return WHITE
