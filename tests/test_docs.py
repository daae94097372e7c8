"""The documentation tooling: the figure check of the built site and the API page generator.

``make docs`` builds the site itself (warnings as errors, notebooks executed); these tests
check, without Sphinx, that the figure check can fail and that the generated API pages
document every public name exactly once.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext")]

import check_figures  # noqa: E402
import public_api  # noqa: E402

_DIRECTIVE = re.compile(r"^\.\. (autoclass|autofunction):: (\S+)$", re.M)
_CURRENT = re.compile(r"^\.\. currentmodule:: (\S+)$", re.M)


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "notebooks").mkdir()
    for stem, body in pages.items():
        (tmp_path / "notebooks" / f"{stem}.html").write_text(f"<html><body>{body}</body></html>")
    return tmp_path


def test_image_count_counts_img_tags_only(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<p>img</p><img src="a.png"><div><IMG src="b.png"/></div><imgx>')
    assert check_figures.image_count(page) == 2


def test_figure_check_flags_a_page_without_figure_and_a_missing_page(tmp_path: Path) -> None:
    stems = [p.stem for p in sorted(check_figures.NOTEBOOKS.glob("*.py"))]
    assert len(stems) >= 2
    pages = {stem: '<img src="fig.png">' for stem in stems[2:]}
    pages[stems[0]] = "<p>no figure here</p>"
    problems = check_figures.missing_figures(_site(tmp_path, pages))
    assert problems == [f"{tmp_path / 'notebooks' / (stems[0] + '.html')}: no rendered figure",
                        f"{tmp_path / 'notebooks' / (stems[1] + '.html')}: missing"]
    assert check_figures.main(str(tmp_path)) == 1


def test_figure_check_passes_when_every_paper_page_has_a_figure(tmp_path: Path) -> None:
    stems = [p.stem for p in check_figures.NOTEBOOKS.glob("*.py")]
    site = _site(tmp_path, {stem: '<figure><img src="f.png"></figure>' for stem in stems})
    assert check_figures.missing_figures(site) == []
    assert check_figures.main(str(site)) == 0


@pytest.fixture(scope="module")
def documented() -> list[tuple[str, object]]:
    """(documented name, object) for every autodoc directive of the generated pages."""
    seen: set[int] = set()
    out = []
    for name, title in public_api.PAGES:
        text = public_api.page(name, title, seen)
        for section in re.split(r"^\.\. automodule:: ", text, flags=re.M)[1:]:
            module = importlib.import_module(_CURRENT.search(section).group(1))
            out += [(f"{module.__name__}.{attr}", getattr(module, attr))
                    for _, attr in _DIRECTIVE.findall(section)]
    return out


def test_every_object_is_documented_once(documented) -> None:
    ids = [id(obj) for _, obj in documented]
    duplicates = [name for name, obj in documented if ids.count(id(obj)) > 1]
    assert not duplicates, f"documented twice: {duplicates}"


@pytest.mark.parametrize("package", [name for name, _ in public_api.PAGES])
def test_every_public_name_of_a_package_is_documented(documented, package: str) -> None:
    module = importlib.import_module(package)
    objects = {id(obj) for _, obj in documented}
    missing = [n for n in public_api._public_names(module) if id(getattr(module, n)) not in objects]
    assert not missing, f"{package}: not documented {missing}"


def test_top_level_api_is_documented_under_its_public_name(documented) -> None:
    names = {name for name, _ in documented}
    for public in ("design", "build_program", "LQGame", "GaussianPrior", "GaussianMechanism",
                   "DesignResult", "Objective", "DesignProgram"):
        assert f"mechdesign.{public}" in names


def test_index_lists_every_page() -> None:
    text = public_api.index()
    assert all(f"   {name}\n" in text for name, _ in public_api.PAGES)
