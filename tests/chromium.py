"""Drive Debian's headless Chromium over the DevTools protocol, with nothing but the stdlib.

Chromium's ``--remote-debugging-pipe`` reads protocol commands from file descriptor 3
and writes replies and events to descriptor 4, each message JSON ended by a NUL byte.
That is all the browser test, the settle benchmark and the README screenshot need, so
there is no websocket library or Playwright (whose installer downloads its own
browser, which fails on networks with no internet).

The browser runs with the network blocked twice over: every host name resolves to
nothing (``--host-resolver-rules``) and every connection goes to a proxy on a closed
local port. Every request the page makes is recorded anyway, so a test can assert
there were none.

    python -m tests.chromium screenshot exports/graph.html docs/graph.png [JS_TO_RUN_FIRST]
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Recorded before any page script runs: a dialog from alert() and friends is counted,
# never shown, so a test can assert that no injected script ran.
DIALOG_TRAP = """
window.__kgDialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (msg) { window.__kgDialogs.push(name + ":" + String(msg)); };
}
"""


def find_chromium() -> str | None:
    """The Chromium binary: $KG_CHROMIUM, else the first of CANDIDATES on PATH."""
    env = os.environ.get("KG_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class ProtocolError(RuntimeError):
    pass


class Chromium:
    """One headless browser with one page; ``events`` keeps every event it sent."""

    def __init__(self, binary: str, width: int = 1400, height: int = 900) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="kg-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # descriptors >= 10, so placing them at 3 and 4 in the child cannot clobber one another
        keep_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        keep_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def wire_pipes() -> None:  # runs in the child, before exec
            os.dup2(keep_r, 3)
            os.dup2(keep_w, 4)

        args = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", f"--user-data-dir={self.profile.name}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
            "--proxy-server=http://127.0.0.1:9", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--disable-extensions", "--mute-audio", "--hide-scrollbars",
            f"--window-size={width},{height}", "about:blank",
        ]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the browser; close()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     preexec_fn=wire_pipes, close_fds=False)
        os.close(keep_r)
        os.close(keep_w)
        self._out = to_browser_w
        self._in = from_browser_r
        self._buf = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        self._dialog_open = False
        self.width, self.height = width, height
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=None)
        attached = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                             session=None)
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": DIALOG_TRAP})

    # -- protocol ---------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from Chromium in time")
            ready, _, _ = select.select([self._in], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise ProtocolError("Chromium closed the pipe: " + self.stderr_tail())
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: str | bool | None = True,
             timeout: float = 30.0) -> dict[str, Any]:
        """Send one command and wait for its reply; events met meanwhile are kept."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        sid = self.session if session is True else session
        if sid:
            msg["sessionId"] = sid
        os.write(self._out, json.dumps(msg).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise ProtocolError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._on_event(reply)

    def _on_event(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        if event["method"] == "Page.javascriptDialogOpening":
            # dismissed by the next pump(): an open dialog would block the page
            self._dialog_open = True

    def pump(self, seconds: float = 0.05) -> None:
        """Read the events that arrive within ``seconds`` (and dismiss any dialog)."""
        deadline = time.monotonic() + seconds
        with contextlib.suppress(TimeoutError):
            while True:
                msg = self._read_message(deadline)
                if "method" in msg:
                    self._on_event(msg)
        if self._dialog_open:
            self._dialog_open = False
            self.call("Page.handleJavaScriptDialog", {"accept": False})

    # -- page -------------------------------------------------------------------

    def evaluate(self, expression: str, timeout: float = 30.0) -> Any:
        """The value of a JavaScript expression in the page (awaited when a promise)."""
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in res:
            raise ProtocolError(f"{expression[:80]}: {res['exceptionDetails']}")
        return res["result"].get("value")

    def open(self, url: str, timeout: float = 60.0) -> None:
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'", timeout)

    def wait_for(self, expression: str, timeout: float = 60.0, interval: float = 0.05) -> Any:
        """Poll until the expression is truthy; its value. Raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout}s for: {expression}")
            self.pump(interval)

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "clickCount": 1 if kind != "mouseMoved" else 0})

    def type_text(self, selector: str, text: str) -> None:
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", {"text": text})

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    # -- what happened ----------------------------------------------------------

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e["method"] == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries (CSP, network, …)."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", "")))
                                                  for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append("exception: " + str(d.get("exception", {}).get("description", d.get("text"))))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append("log: " + p["entry"].get("text", ""))
        return out

    def dialogs(self) -> list[str]:
        return [e["params"].get("message", "") for e in self.events
                if e["method"] == "Page.javascriptDialogOpening"]

    def stderr_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-2000:]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close", session=None, timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.log.close()
        self.profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def settle(browser: Chromium, html: Path, timeout: float = 120.0) -> dict[str, Any]:
    """Open a page written by kg.export.html and wait until its layout has stopped."""
    browser.open(html.resolve().as_uri(), timeout)
    return browser.wait_for("window.kgSettled", timeout)


def _main(argv: list[str]) -> int:
    if len(argv) not in (3, 4) or argv[0] != "screenshot":
        print(__doc__, file=sys.stderr)
        return 2
    binary = find_chromium()
    if not binary:
        print("no chromium binary (apt-get install chromium)", file=sys.stderr)
        return 1
    with Chromium(binary) as browser:
        info = settle(browser, Path(argv[1]))
        if len(argv) == 4:
            # e.g. a search and a selection, so the picture shows what the page does
            browser.evaluate(argv[3])
            browser.wait_for("document.body.dataset.settled !== ''")
        browser.pump(1.0)
        browser.screenshot(Path(argv[2]))
        print(json.dumps(info), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
