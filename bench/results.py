"""bench/RESULTS.md holds one section per benchmark script; each script replaces only its own."""

from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def write_section(heading, lines):
    """Replace the section that starts with `## heading` (or add it), keeping every other section."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    parts = text.split("\n## ")
    head, sections = parts[0], parts[1:]
    body = heading + "\n\n" + "\n".join(lines).rstrip() + "\n"
    kept = [section if not section.startswith(heading) else body for section in sections]
    if not any(section.startswith(heading) for section in sections):
        kept.append(body)
    RESULTS.write_text("\n## ".join([head.rstrip() + "\n"] + [section.rstrip() + "\n" for section in kept]))
