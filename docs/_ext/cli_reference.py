"""Write the command-line reference from the typer app before Sphinx reads (docs/cli.md).

typer's own documentation generator (``typer mechdesign.cli utils docs``) renders every
command, argument and option of ``mechdesign.cli.app`` as Markdown, which docs/cli.md
includes; the page therefore always matches the installed command line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def write_reference(app) -> None:
    """Sphinx ``builder-inited`` hook: (re)write docs/_generated/cli.md."""
    out = Path(app.srcdir) / "_generated" / "cli.md"
    out.parent.mkdir(exist_ok=True)
    text = subprocess.run(
        [sys.executable, "-m", "typer", "mechdesign.cli", "utils", "docs", "--name", "mechdesign"],
        check=True, capture_output=True, text=True).stdout
    if not out.exists() or out.read_text() != text:
        out.write_text(text)


def setup(app):
    app.connect("builder-inited", write_reference)
    return {"parallel_read_safe": True, "version": "1"}
