"""axe-core, run inside the page, failing on any WCAG 2.x A/AA violation."""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page):
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]},
    )
    return result["violations"]


def describe(found, url):
    lines = [f"{len(found)} axe violation(s) on {url}:"]
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}" for node in violation["nodes"][:5]]
    return "\n".join(lines)
