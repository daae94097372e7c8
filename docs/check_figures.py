"""Fail when a page of "The papers" in the built site shows no figure.

Usage: ``python docs/check_figures.py docs/_build/html`` (run by ``make docs``). Every
notebook in notebooks/ must render as docs/_build/html/notebooks/<name>.html with at least
one ``<img>`` (a matplotlib figure in the executed output).
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.count += tag == "img"


def image_count(page: Path) -> int:
    """Number of ``<img>`` tags in an HTML page."""
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.count


def missing_figures(html: Path) -> list[str]:
    """Notebooks whose page is absent or has no image."""
    problems = []
    for notebook in sorted(NOTEBOOKS.glob("*.py")):
        page = html / "notebooks" / f"{notebook.stem}.html"
        if not page.exists():
            problems.append(f"{page}: missing")
        elif image_count(page) == 0:
            problems.append(f"{page}: no rendered figure")
    return problems


def main(html: str) -> int:
    problems = missing_figures(Path(html))
    for line in problems:
        print(line, file=sys.stderr)
    pages = len(list(NOTEBOOKS.glob("*.py")))
    print(f"figures: {pages - len(problems)} of {pages} paper pages show a figure")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
