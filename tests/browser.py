"""A real headless browser for the HTML tests: Debian's chromium, run on a file.

``render`` loads a page, takes a screenshot and returns the console messages chromium logged
(``--enable-logging=stderr`` prints every console message and uncaught error as a CONSOLE line).
``ink_share`` and ``distinct_glyphs`` read the screenshot: how much of it is not background, and
how many different glyph images a line of text holds (a line drawn as tofu is the same box over
and over, up to anti-aliasing).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)")


def chromium() -> str:
    """The chromium executable, or skip (``.ci/run`` installs Debian's ``chromium``)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (`.ci/run` installs Debian's chromium)")


@dataclass
class Rendered:
    screenshot: Path
    console: list[str]


def render(page: Path, screenshot: Path, *, width: int = 1280, height: int = 1600) -> Rendered:
    """Open ``page`` in headless chromium, screenshot it, and collect console messages."""
    profile = screenshot.with_suffix(".profile")
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--disable-extensions", "--mute-audio", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0", f"--window-size={width},{height}",
        f"--screenshot={screenshot}", page.resolve().as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert screenshot.is_file(), f"chromium wrote no screenshot:\n{done.stderr[-2000:]}"
    console = [m.group(1) for m in _CONSOLE.finditer(done.stderr)]
    return Rendered(screenshot, console)


def _gray(path: Path):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(path).convert("L"), dtype=np.int16)


def ink_share(path: Path) -> float:
    """Share of pixels that differ visibly from the page background (its most common colour)."""
    import numpy as np

    image = _gray(path)
    values, counts = np.unique(image, return_counts=True)
    background = values[np.argmax(counts)]
    return float((np.abs(image - background) > 40).mean())


def distinct_glyphs(path: Path, *, top: int = 0, bottom: int | None = None) -> tuple[int, int]:
    """(glyph images, distinct glyph images) in the first line of text between two rows.

    The first band of rows holding ink is the line; columns without ink split it into glyphs.
    """
    import numpy as np

    image = _gray(path)[top:bottom]
    ink = image < 128
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return 0, 0
    start = rows[0]
    end = start
    while end + 1 < len(ink) and ink[end + 1].any():
        end += 1
    line = ink[start : end + 1]
    columns = line.any(axis=0)
    glyphs, current = [], None
    for x, has_ink in enumerate(columns):
        if has_ink and current is None:
            current = x
        elif not has_ink and current is not None:
            glyphs.append(line[:, current:x])
            current = None
    if current is not None:
        glyphs.append(line[:, current:])
    kinds: list = []
    for glyph in glyphs:
        if not any(_alike(glyph, kind) for kind in kinds):
            kinds.append(glyph)
    return len(glyphs), len(kinds)


def _alike(a, b) -> bool:
    """Two glyph images alike up to anti-aliasing: the ink of each lies within a pixel of the
    other's (a Hausdorff distance of one pixel, allowing 3% stray pixels)."""
    import numpy as np
    from scipy.ndimage import binary_dilation

    if abs(a.shape[1] - b.shape[1]) > 2:
        return False
    width = max(a.shape[1], b.shape[1])
    a, b = (np.pad(g, ((0, 0), (0, width - g.shape[1]))) for g in (a, b))
    near = np.ones((3, 3), dtype=bool)
    stray_a = (a & ~binary_dilation(b, near)).sum() / max(a.sum(), 1)
    stray_b = (b & ~binary_dilation(a, near)).sum() / max(b.sum(), 1)
    return bool(max(stray_a, stray_b) <= 0.03)


class DevTools:
    """Debian's chromium driven through the DevTools protocol over a pipe (no driver binary,
    no websocket): open a page, type, click, evaluate, and record every console message,
    uncaught error, log entry and network request the page makes.

    ``--remote-debugging-pipe`` makes chromium read commands on its file descriptor 3 and write
    replies and events on 4, as JSON messages each ended by a NUL byte.
    """

    def __init__(self, *, width: int = 1280, height: int = 1600, timeout: float = 60):
        import os
        import queue
        import tempfile
        import threading

        self.timeout = timeout
        self.events: list[dict] = []
        self._replies: dict[int, dict] = {}
        self._inbox: queue.Queue = queue.Queue()
        self._next = 0
        self._session: str | None = None
        self._profile = tempfile.mkdtemp(prefix="analyzer-chromium-")
        to_chromium, self._write = os.pipe()
        self._read, from_chromium = os.pipe()
        # High descriptors, so that moving them to 3 and 4 in the child cannot clobber one.
        high_in = _fcntl_dup(to_chromium, 20)
        high_out = _fcntl_dup(from_chromium, 21)
        os.close(to_chromium)
        os.close(from_chromium)

        def descriptors() -> None:
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        command = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", "--mute-audio", "--remote-debugging-pipe",
            f"--user-data-dir={self._profile}", f"--window-size={width},{height}", "about:blank",
        ]  # fmt: skip
        # close_fds=False: descriptors 3 and 4 are made in the child, after the parent's
        # non-inheritable ones (all of Python's, PEP 446) are gone with exec.
        self.process = subprocess.Popen(command, close_fds=False, preexec_fn=descriptors,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        os.close(high_in)
        os.close(high_out)
        threading.Thread(target=self._reader, daemon=True).start()
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)  # fmt: skip
        self._session = attached["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})  # fmt: skip
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.call(f"{domain}.enable")

    def _reader(self) -> None:
        import json
        import os

        buffer = b""
        while True:
            try:
                chunk = os.read(self._read, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._inbox.put(None)
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self._inbox.put(json.loads(message))

    def _pump(self, until) -> None:
        import queue
        import time

        deadline = time.monotonic() + self.timeout
        while not until():
            try:
                message = self._inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise TimeoutError("chromium did not answer in time") from None
            if message is None:
                raise RuntimeError("chromium closed the DevTools pipe")
            if "id" in message:
                self._replies[message["id"]] = message
            else:
                self.events.append(message)

    def call(self, method: str, params: dict | None = None, *, session: bool = True) -> dict:
        """Send one command and wait for its reply (raising on a protocol error)."""
        import json
        import os

        self._next += 1
        ident = self._next
        message = {"id": ident, "method": method, "params": params or {}}
        if session and self._session:
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        self._pump(lambda: ident in self._replies)
        reply = self._replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_for(self, method: str) -> dict:
        """The first event named ``method`` (waiting for it if needed)."""
        self._pump(lambda: any(e.get("method") == method for e in self.events))
        return next(e for e in self.events if e.get("method") == method)

    def open(self, page: Path) -> None:
        """Load a local file and wait for its load event."""
        self.call("Page.navigate", {"url": page.resolve().as_uri()})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-able values)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})  # fmt: skip
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def type(self, selector: str, text: str) -> None:
        """Focus an element and type ``text`` into it (as committed keyboard input)."""
        import json

        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", {"text": text})

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of an element (scrolled into view first)."""
        import json

        box = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})  # fmt: skip

    def screenshot(self, path: Path) -> Path:
        import base64

        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list[str]:
        """Console messages, uncaught errors and log entries the page produced."""
        out = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                values = [str(a.get("value", a.get("description", ""))) for a in params["args"]]
                out.append(f"console.{params['type']}: {' '.join(values)}")
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                out.append(f"uncaught: {details.get('exception', {}).get('description', details)}")
            elif method == "Log.entryAdded":
                entry = params["entry"]
                out.append(f"log {entry['level']}: {entry['text']} {entry.get('url', '')}")
        return out

    def requests(self) -> list[str]:
        """The URL of every network request the page made (its own file included)."""
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]  # fmt: skip

    def close(self) -> None:
        import os
        import shutil

        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close", session=False)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> DevTools:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _fcntl_dup(fd: int, lowest: int) -> int:
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)
