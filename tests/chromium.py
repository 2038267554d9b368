"""Headless Chromium driven over the DevTools protocol, for the papers' browser tests.

The protocol runs over a pipe (`--remote-debugging-pipe`: Chromium reads commands on file
descriptor 3 and writes replies and events on 4, each a JSON text ended by a NUL byte), so
no port is opened and no websocket or WebDriver package is needed. Every request the page
makes (`Network.requestWillBeSent`) and every console message, exception and browser log
entry is recorded, so a test can say "nothing left the page" and "no console errors".
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assurance_cli.render.papers.pdf import chromium_command, find_chromium

OPTIONAL_VARIABLE = "ASSURE_BROWSER_OPTIONAL"
TIMEOUT_SECONDS = 60.0
# No window at start: the first page is the test's own. Without this flag, Chromium 156's
# headless mode opens a start-up page whose tabs' renderers are killed as soon as a created
# tab navigates ("Render process gone").
_DEVTOOLS_FLAGS = ("--remote-debugging-pipe", "--no-startup-window", "--hide-scrollbars")


def require_chromium() -> str:
    """Chromium's path. Without it the test fails (CI installs it), unless
    ASSURE_BROWSER_OPTIONAL=1 says browsers are optional here: then it is skipped."""
    browser = find_chromium()
    if browser is not None:
        return browser
    reason = "headless Chromium is not installed (Debian packages chromium, chromium-driver)"
    if os.environ.get(OPTIONAL_VARIABLE) == "1":
        pytest.skip(f"{reason}; skipped because {OPTIONAL_VARIABLE}=1")
    pytest.fail(f"{reason}; install it, or set {OPTIONAL_VARIABLE}=1 to skip browser tests")


@dataclass
class PageLoad:
    """What happened while one page loaded."""

    requests: list[str] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)  # type, text
    events: list[dict[str, Any]] = field(default_factory=list)

    def errors(self) -> list[dict[str, Any]]:
        return [entry for entry in self.console if entry["level"] in ("error", "warning")]


class Chromium:
    """One headless browser; use as a context manager."""

    def __init__(self, browser: str, profile: Path) -> None:
        to_browser_read, self._to_browser = _pipe_above(10)
        self._from_browser, from_browser_write = _pipe_above(10)

        def give_pipes() -> None:  # runs in the child, before exec
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [*chromium_command(browser, profile), *_DEVTOOLS_FLAGS],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=give_pipes,
            close_fds=False,  # our other descriptors are not inheritable (PEP 446)
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self._pending: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *_: object) -> None:
        with contextlib.suppress(OSError, TimeoutError, RuntimeError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)

    # the protocol

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send a command and wait for its reply; events meanwhile are kept for `events`."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self._pending.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        for number, event in enumerate(self._pending):
            if event.get("method") == method:
                return self._pending.pop(number)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self._pending.append(event)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    # pages

    def load(self, url: str, *, width: int = 1400, height: int = 1000) -> tuple[str, PageLoad]:
        """Open `url` in a new tab, wait for its load event; the tab's session and a record
        of its requests and console messages (events kept until the page has loaded)."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable", session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self._pending.clear()
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired")
        # One more round trip: the page's messages sent before it are now all in.
        self.send("Runtime.evaluate", session, expression="document.readyState")
        return session, self._record(session)

    def _record(self, session: str) -> PageLoad:
        load = PageLoad(events=list(self._pending))
        for event in self._pending:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                load.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                text = " ".join(
                    str(arg.get("value", arg.get("description", ""))) for arg in params["args"]
                )
                level = "error" if params["type"] in ("error", "assert") else params["type"]
                load.console.append({"level": level, "text": text})
            elif method == "Runtime.exceptionThrown":
                load.console.append({"level": "error", "text": str(params["exceptionDetails"])})
            elif method == "Log.entryAdded":
                entry = params["entry"]
                load.console.append({"level": entry["level"], "text": entry.get("text", "")})
        return load

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.send("Runtime.evaluate", session, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, session: str, path: Path) -> Path:
        """The whole page (not only the window) as a PNG file."""
        metrics = self.send("Page.getLayoutMetrics", session)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 1}
        shot = self.send(
            "Page.captureScreenshot", session, format="png", clip=clip, captureBeyondViewport=True
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def _pipe_above(lowest: int) -> tuple[int, int]:
    """A pipe whose two descriptors are numbered `lowest` or more, so moving them to 3 and
    4 in the child never overwrites one with the other."""
    read, write = os.pipe()
    moved = (
        fcntl.fcntl(read, fcntl.F_DUPFD_CLOEXEC, lowest),
        fcntl.fcntl(write, fcntl.F_DUPFD_CLOEXEC, lowest),
    )
    os.close(read)
    os.close(write)
    return moved
