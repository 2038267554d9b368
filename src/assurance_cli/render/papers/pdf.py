"""A Paper as PDF: its HTML printed by headless Chromium (the Debian package `chromium`).

Chosen over a PDF library: the HTML is already the accessible, self-contained paper with
print CSS (A4 landscape, table headers on every page), so printing it adds no dependency
and no second layout to keep in step. The browser runs with no network features, a fresh
profile in a temporary folder, and a time limit; the page itself may load nothing (its
Content-Security-Policy), so printing reaches nothing outside the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from assurance_cli.problems import AssureError
from assurance_cli.render.papers.document import Paper
from assurance_cli.render.papers.html import render_html

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
TIME_LIMIT_SECONDS = 120

# Quiet, offline, reproducible: no first-run screens, no background connections (a closed
# network otherwise sees many refused connections), no header or footer with a file path.
CHROMIUM_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


def find_chromium() -> str | None:
    """The path of a Chromium on PATH (`CHROMIUM` names another), or None."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_command(browser: str, profile: Path) -> list[str]:
    """Chromium's command line, less the page and the action. Chromium refuses to start
    as root with its sandbox on, so only then is the sandbox turned off."""
    command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")
    return command


def render_pdf(paper: Paper) -> bytes:
    """The paper printed to PDF by headless Chromium."""
    browser = find_chromium()
    if browser is None:
        raise AssureError(
            "writing PDF needs Chromium: install the Debian package `chromium` "
            "(or set CHROMIUM to the browser's name or path)"
        )
    with tempfile.TemporaryDirectory(prefix="assure-pdf-") as folder:
        work = Path(folder)
        page = work / "paper.html"
        page.write_text(render_html(paper), encoding="utf-8")
        output = work / "paper.pdf"
        command = [
            *chromium_command(browser, work / "profile"),
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIME_LIMIT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise AssureError(
                f"Chromium did not print the PDF within {TIME_LIMIT_SECONDS} s"
            ) from None
        if not output.is_file() or output.stat().st_size == 0:
            raise AssureError(f"Chromium ({browser}) did not write the PDF")
        return output.read_bytes()
