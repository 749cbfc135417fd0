"""mypy skips the packages pyproject.toml names with `follow_imports = "skip"` (issue 26: following them was about
10 CPU s of every cold type check). That is only free while no module of the toolkit types against them: a skipped
package is `Any` to mypy, so code using it would no longer be checked. These tests keep it so."""

import ast
import tomllib

from conftest import ROOT


def _skipped() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    return {m.removesuffix(".*") for o in config.get("overrides", []) if o.get("follow_imports") == "skip"
            for m in o["module"]}


def _imports_of(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """(node, top-level package) of every import in the tree."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node, node.module.split(".")[0]))
    return out


def _returns_any(func: ast.FunctionDef) -> bool:
    return isinstance(func.returns, ast.Name) and func.returns.id == "Any"


def test_mypy_skips_packages_the_toolkit_never_types_against() -> None:
    skipped = _skipped()
    assert {"narwhals", "cryptography", "pyreadstat"} <= skipped
    for path in sorted((ROOT / "scanner").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node, package in _imports_of(tree):
            if package not in skipped:
                continue
            func = parents.get(node)
            while func is not None and not isinstance(func, ast.FunctionDef):
                func = parents.get(func)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            # the one way allowed: inside a function whose result is declared Any, so mypy saw nothing of it before
            assert func is not None and _returns_any(func), (
                f"{where} imports {package}, which pyproject.toml tells mypy to skip: type against it only behind a "
                "function returning Any, or take it off the skip list")


def test_the_skip_check_sees_an_import_that_would_be_typed_against() -> None:
    """The check above must catch a module-level import, and one inside a function that returns a real type."""
    bad = ast.parse("import cryptography\n\ndef f() -> int:\n    from narwhals import col\n    return 1\n")
    found = [package for _, package in _imports_of(bad)]
    assert found == ["cryptography", "narwhals"]
    func = bad.body[1]
    assert isinstance(func, ast.FunctionDef) and not _returns_any(func)
