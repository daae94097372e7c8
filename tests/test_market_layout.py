"""The market packages: public names from the package, no import circle between modules."""

import ast
import pkgutil
from pathlib import Path

import pytest

import mechdesign.markets.social_data as social_data
import mechdesign.markets.too_much_data as too_much_data

PACKAGES = [too_much_data, social_data]


def _imports(package) -> dict[str, set[str]]:
    """Module -> sibling modules it imports (relative or absolute, any depth)."""
    graph = {}
    root = Path(package.__file__).parent
    siblings = {m.name for m in pkgutil.iter_modules([str(root)])}
    for name in siblings:
        tree = ast.parse((root / f"{name}.py").read_text())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level == 1 and module in siblings:
                    found.add(module)
                elif module.startswith(package.__name__ + "."):
                    found.add(module.split(".")[3])
                elif node.level == 1 and not module:
                    found |= {a.name for a in node.names if a.name in siblings}
        graph[name] = found - {name}
    return graph


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


def test_names_the_issue_asked_for_are_reachable_from_the_packages():
    for name in ("a_prime_alpha_form", "group_advantage_structure_form",
                 "segmentation_first_integer", "large_market_limits", "total_compensation",
                 "individual_data_noise", "SocialDataMarket"):
        assert name in social_data.__all__
    for name in ("DataMarket", "theorem3", "theorem_b3", "part3_deviation",
                 "best_price_deviation", "READINGS"):
        assert name in too_much_data.__all__
