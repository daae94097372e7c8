"""The market packages: public names from the package, no import circle between modules."""

import ast
import pkgutil
from pathlib import Path

import pytest

import mechdesign.analytic.data_monetization as data_monetization
import mechdesign.markets.privacy_oligopoly as privacy_oligopoly
import mechdesign.markets.social_data as social_data
import mechdesign.markets.too_much_data as too_much_data

PACKAGES = [too_much_data, social_data, privacy_oligopoly, data_monetization]


def _is_type_checking(node: ast.AST) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:`` (annotations only, not run)."""
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(tree: ast.AST) -> list[ast.ImportFrom]:
    """Every ``from … import`` that runs, anywhere (functions, classes, branches), except the
    body of an ``if TYPE_CHECKING:`` block — the one exemption."""
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.ImportFrom):
            found.append(node)
        for field, value in ast.iter_fields(node):
            if field == "body" and _is_type_checking(node):
                continue
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    visit(child)

    visit(tree)
    return found


def _sibling_imports(source: str, package_name: str, siblings: set[str]) -> set[str]:
    """Sibling modules imported at run time by ``source`` (relative or absolute, any depth)."""
    found = set()
    for node in _runtime_imports(ast.parse(source)):
        module = node.module or ""
        if node.level == 1 and module in siblings:
            found.add(module)
        elif module.startswith(package_name + "."):
            found.add(module[len(package_name) + 1:].split(".")[0])
        elif (node.level == 1 and not module) or (node.level == 0 and module == package_name):
            found |= {a.name for a in node.names if a.name in siblings}
    return found


def _imports(package) -> dict[str, set[str]]:
    """Module -> sibling modules it imports at run time."""
    root = Path(package.__file__).parent
    siblings = {m.name for m in pkgutil.iter_modules([str(root)])}
    return {name: _sibling_imports((root / f"{name}.py").read_text(), package.__name__,
                                   siblings) - {name}
            for name in siblings}


_PACKAGE = "mechdesign.markets.too_much_data"


@pytest.mark.parametrize("source, expected", [
    ("from .model import DataMarket", {"model"}),
    (f"from {_PACKAGE}.model import DataMarket", {"model"}),
    ("from . import model", {"model"}),
    (f"from {_PACKAGE} import model, cases", {"model", "cases"}),
    ("def f():\n    from .model import DataMarket", {"model"}),           # deferred: counted
    ("class A:\n    def f(self):\n        from .model import X", {"model"}),
    ("try:\n    from .model import X\nexcept ImportError:\n    pass", {"model"}),
    ("if DEBUG:\n    from .model import X", {"model"}),
    ("if TYPE_CHECKING:\n    from .model import X", set()),                 # the exemption
    ("if typing.TYPE_CHECKING:\n    from .model import X", set()),
    ("if TYPE_CHECKING:\n    from .model import X\nelse:\n    from .cases import Y",
     {"cases"}),                                                             # else runs
    ("if not TYPE_CHECKING:\n    from .model import X", {"model"}),
])
def test_only_type_checking_imports_are_exempt(source, expected):
    assert _sibling_imports(source, _PACKAGE, {"model", "cases"}) == expected


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_no_import_circle(package):
    graph = _imports(package)
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in graph[node]:
            assert state.get(nxt) != "open", f"import circle: {' -> '.join(path + [nxt])}"
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_public_names_are_listed_and_importable(package):
    assert len(package.__all__) == len(set(package.__all__))
    for name in package.__all__:
        assert hasattr(package, name), name


def test_the_papers_named_results_are_reachable_from_the_packages():
    for name in ("a_prime_alpha_form", "group_advantage_structure_form",
                 "segmentation_first_integer", "large_market_limits", "total_compensation",
                 "individual_data_noise", "SocialDataMarket"):
        assert name in social_data.__all__
    for name in ("DataMarket", "theorem3", "theorem_b3", "part3_deviation",
                 "best_price_deviation", "READINGS"):
        assert name in too_much_data.__all__
