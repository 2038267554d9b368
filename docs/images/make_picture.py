"""Make the README's picture of the demo paper: `make picture` (after `make demo`).

Headless Chromium (the engine's offline command line, render/papers/pdf.py) opens
out/board-paper-2016-05.html and saves the top of the page, at half scale, as
docs/images/board-paper-2016-05.png: the cover, the summary and its chart, and the first
exceptions.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from assurance_cli.render.papers.pdf import chromium_command, find_chromium

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "out" / "board-paper-2016-05.html"
PICTURE = REPO / "docs" / "images" / "board-paper-2016-05.png"
WINDOW = "1200,2800"  # CSS pixels: down to the first rows of the exceptions
SCALE = "0.5"  # a 600 x 1400 picture, small enough to commit


def main() -> None:
    browser = find_chromium()
    if browser is None or not PAGE.is_file():
        sys.exit("needs Chromium and out/board-paper-2016-05.html (run `make demo` first)")
    with tempfile.TemporaryDirectory(prefix="assure-picture-") as profile:
        command = [
            *chromium_command(browser, Path(profile)),
            "--hide-scrollbars",
            f"--window-size={WINDOW}",
            f"--force-device-scale-factor={SCALE}",
            f"--screenshot={PICTURE}",
            PAGE.as_uri(),
        ]
        subprocess.run(command, check=True, timeout=120, capture_output=True)
    print(f"wrote {PICTURE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
