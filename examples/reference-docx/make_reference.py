"""Build `reference.docx`: an example of a board's own look for its Word papers.

    python examples/reference-docx/make_reference.py [OUTPUT]

A board copies a reference.docx to `templates/reference.docx` in its repository; every Word
paper `assure report ... --output paper.docx` writes then takes its styles (fonts, sizes,
colours of the headings and the title), its page size and margins, and its header and
footer (here a logo and the board's name) from it. Its body is never used.

This one is written by this script (python-docx and matplotlib, the office extra), so it can
be read, changed and rebuilt; a test checks that the committed file is what the script makes.
The same script, run again, makes the same bytes: fixed dates, fixed zip times.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
BOARD_BLUE = RGBColor(0x00, 0x30, 0x78)  # the example board's own colour
FIXED_TIME = datetime(2016, 5, 31, tzinfo=UTC)
ZIP_TIME = (2016, 5, 31, 0, 0, 0)


def logo_png() -> bytes:
    """A small badge standing in for the board's logo."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    figure = Figure(figsize=(1.6, 0.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.add_patch(
        FancyBboxPatch(
            (0.02, 0.06),
            0.96,
            0.88,
            boxstyle="round,pad=0,rounding_size=0.2",
            facecolor="#003078",
            edgecolor="none",
            transform=axes.transAxes,
        )
    )
    axes.text(
        0.5,
        0.5,
        "EXAMPLE BOARD",
        color="white",
        ha="center",
        va="center",
        fontsize=9,
        fontweight="bold",
        family="DejaVu Sans",
        transform=axes.transAxes,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def build() -> docx.document.Document:
    document = docx.Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BOARD_BLUE
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    header = section.header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(logo_png()), width=Cm(3.2))
    header.add_run("\tExample Safeguarding Children Board").bold = True
    footer = section.footer.paragraphs[0]
    footer.text = "OFFICIAL"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.title = "Reference document for board papers"
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    return document


def docx_bytes(document: docx.document.Document) -> bytes:
    """The document saved, then re-packed with fixed zip times: the same bytes every run."""
    saved = io.BytesIO()
    document.save(saved)
    packed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(packed, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return packed.getvalue()


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "reference.docx"
    output.write_bytes(docx_bytes(build()))
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
