"""Project layout rules that keep the app working and the code where a newcomer expects it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_page_script_at_the_top_of_pages() -> None:
    """A top-level pages/*.py makes a new server route deep links around dashboard.py (pages/README.md)."""
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == []


def test_only_ui_and_pages_import_streamlit() -> None:
    """Loading, metrics and charts stay testable without Streamlit (ARCHITECTURE.md)."""
    for folder in ("loaders", "metrics", "charts", "data", "store", "access", "exports", "services"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "import streamlit" not in path.read_text(encoding="utf-8"), path
    assert "import streamlit" not in (ROOT / "domain.py").read_text(encoding="utf-8")


def test_vocabulary_is_the_ground_floor() -> None:
    """domain.py imports no project module; the tracker vocabulary is defined there and nowhere else."""
    import ast

    tree = ast.parse((ROOT / "domain.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported <= {"__future__", "enum", "dataclasses", "typing", "datetime"}, imported
    schema = (ROOT / "loaders" / "schema.py").read_text(encoding="utf-8")
    for name in ("class Kind", "STATUSES: tuple", "OUTCOMES: tuple", "FACETS: tuple"):
        assert name not in schema, f"{name} belongs in domain.py"


def test_page_scripts_stay_thin() -> None:
    for path in (ROOT / "pages").rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 250, f"{path.name} has {lines} lines: move logic into metrics/ or charts/"


def test_page_scripts_have_no_stray_strings() -> None:
    """Streamlit 'magic' shows a bare string statement on the page; only the module docstring is exempt."""
    import ast

    for path in (ROOT / "pages").rglob("*.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        stray = [n.lineno for n in body[1:] if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)]
        assert stray == [], f"{path.name} line {stray}: use a comment instead"
