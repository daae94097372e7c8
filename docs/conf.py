"""Sphinx configuration of the mechdesign documentation site (``make docs``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import mechdesign

DOCS = Path(__file__).parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "mechdesign"
author = "the mechdesign developers"
copyright = "2026, the mechdesign developers"
release = version = mechdesign.__version__

extensions = [
    "myst_nb",                  # Markdown pages and the executed notebooks
    "numpydoc",                 # numpy-style docstrings
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "cli_reference",            # docs/_ext/cli_reference.py: the command line, from typer
    "public_api",               # docs/_ext/public_api.py: one API page per public package
]

# ---------------------------------------------------------------- sources
# notebooks/ and benchmarks/ are symbolic links to ../notebooks and ../benchmarks/results,
# so the site renders the one copy of each notebook and of each benchmark report.
exclude_patterns = ["_build", "_ext", "_generated", "conf.py", "check_figures.py", "Thumbs.db", ".DS_Store",
                    "**/.ipynb_checkpoints", "notebooks/jupytext.toml"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# ---------------------------------------------------------------- notebooks (myst-nb)
# The jupytext percent scripts in notebooks/ are read through jupytext and executed on
# every build; a cell that raises (including the notebooks' own asserts against the
# closed forms) fails the build.
# The notebooks draw with matplotlib's inline backend; an MPLBACKEND such as Agg inherited
# from the shell (``make test`` sets one) would leave their figures out of the pages.
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
nb_custom_formats = {".py": ["jupytext.reads", {"fmt": "py:percent"}]}
nb_execution_mode = "force"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

# ---------------------------------------------------------------- API reference
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"          # numpydoc states the types in the docstrings
autosummary_generate = False        # public_api writes the pages itself
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()
numpydoc_xref_param_type = False


# ---------------------------------------------------------------- HTML
# pydata-sphinx-theme: the theme of numpy, scipy, pandas and matplotlib, whose docs the
# users of mechdesign already read; it lays out long API pages with an in-page table of
# contents and styles executed notebook outputs.
html_theme = "pydata_sphinx_theme"
html_title = "mechdesign"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
# pages without a section of their own need no left sidebar
html_sidebars = {page: [] for page in ("index", "getting-started", "conventions", "problem-files",
                                        "papers", "benchmarks-index", "cli", "differences")}
html_static_path: list[str] = []
