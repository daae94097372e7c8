"""Write one API reference page per public package of mechdesign before Sphinx reads.

Each page documents a package by its public import name (``mechdesign.markets.social_data``,
not the file that defines a function today), so the pages survive modules moving inside a
package. A page holds the package docstring, a summary table and every public class and
function the package exports; then, for a package split into modules (a subpackage, or the
sibling modules ``<name>_*.py`` of a flat layout), the public names those modules define
and the package does not re-export. Every object is documented once, on the first page
that exports it.

Public means: listed in ``__all__`` when the module has one; otherwise a class or function
whose name has no leading underscore and that is defined in a non-private mechdesign module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from types import ModuleType

#: (import name, page title), in the order of the reference's table of contents.
PAGES = [
    ("mechdesign", "games, mechanisms, design"),
    ("mechdesign.games", "example games"),
    ("mechdesign.objectives", "objectives"),
    ("mechdesign.reference_mechanisms", "benchmark mechanisms"),
    ("mechdesign.problem", "problem files"),
    ("mechdesign.plot", "figures"),
    ("mechdesign.analytic.data_monetization", "closed forms of data monetization"),
    ("mechdesign.markets.privacy_oligopoly", "privacy-preserving sharing in oligopoly"),
    ("mechdesign.markets.too_much_data", "too much data"),
    ("mechdesign.markets.social_data", "social data intermediation"),
]


def _is_public_module(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def _public_names(module: ModuleType) -> list[str]:
    if hasattr(module, "__all__"):
        names = [n for n in module.__all__
                 if inspect.isclass(getattr(module, n)) or inspect.isfunction(getattr(module, n))]
    else:
        names = [n for n, obj in vars(module).items()
                 if not n.startswith("_") and (inspect.isclass(obj) or inspect.isfunction(obj))
                 and obj.__module__.startswith("mechdesign") and _is_public_module(obj.__module__)]
    return sorted(names, key=lambda n: (not inspect.isclass(getattr(module, n)), n.lower()))


def _parts(module: ModuleType) -> list[ModuleType]:
    """The public modules a package is split into (subpackage or flat ``<name>_*`` siblings)."""
    if hasattr(module, "__path__"):
        names = [f"{module.__name__}.{info.name}" for info in pkgutil.iter_modules(module.__path__)]
    else:
        parent, _, stem = module.__name__.rpartition(".")
        package = importlib.import_module(parent)
        names = [f"{parent}.{info.name}" for info in pkgutil.iter_modules(package.__path__)
                 if info.name.startswith(stem + "_")]
    return [importlib.import_module(n) for n in sorted(names) if _is_public_module(n)]


def _entries(module: ModuleType, seen: set[int], *, own_only: bool) -> list[str]:
    names = []
    for name in _public_names(module):
        obj = getattr(module, name)
        if id(obj) in seen or (own_only and obj.__module__ != module.__name__):
            continue
        seen.add(id(obj))
        names.append(name)
    return names


def _section(module: ModuleType, names: list[str], *, heading: str | None) -> list[str]:
    lines = []
    if heading is not None:
        lines += [heading, "-" * len(heading), ""]
    lines += [f".. automodule:: {module.__name__}", "", f".. currentmodule:: {module.__name__}", ""]
    if not names:
        return lines
    lines += [".. autosummary::", "   :nosignatures:", ""] + [f"   {n}" for n in names] + [""]
    for name in names:
        directive = "autoclass" if inspect.isclass(getattr(module, name)) else "autofunction"
        lines += [f".. {directive}:: {name}"] + (["   :members:"] if directive == "autoclass" else []) + [""]
    return lines


def page(name: str, title: str, seen: set[int]) -> str:
    """The reStructuredText of one package's API page."""
    module = importlib.import_module(name)
    heading = f"{name}: {title}"
    lines = [heading, "=" * len(heading), ""]
    lines += _section(module, _entries(module, seen, own_only=False), heading=None)
    if name != "mechdesign":
        for part in _parts(module):
            names = _entries(part, seen, own_only=True)
            if names:
                lines += _section(part, names, heading=f"``{part.__name__}``")
    return "\n".join(lines)


def index() -> str:
    """The API reference's entry page."""
    lines = ["API reference", "=============", "",
             "Generated from the docstrings. Every array in the covariance order (state, types, "
             "actions); every value a total over players unless its name says ``per_player``.",
             "", ".. toctree::", "   :maxdepth: 1", ""]
    return "\n".join(lines + [f"   {name}" for name, _ in PAGES]) + "\n"


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def write_pages(app) -> None:
    """Sphinx ``builder-inited`` hook: (re)write docs/api/*.rst."""
    out = Path(app.srcdir) / "api"
    out.mkdir(exist_ok=True)
    seen: set[int] = set()
    _write(out / "index.rst", index())
    for name, title in PAGES:
        _write(out / f"{name}.rst", page(name, title, seen))


def setup(app):
    app.connect("builder-inited", write_pages)
    return {"parallel_read_safe": True, "version": "1"}
