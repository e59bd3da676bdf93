"""Project layout rules that keep the app working and the code where a newcomer expects it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_page_script_at_the_top_of_pages() -> None:
    """A top-level pages/*.py makes a new server route deep links around dashboard.py (pages/README.md)."""
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == []


def test_only_ui_and_pages_import_streamlit() -> None:
    """Loading, metrics and charts stay testable without Streamlit (ARCHITECTURE.md)."""
    for folder in (
        "loaders",
        "metrics",
        "charts",
        "data",
        "store",
        "access",
        "exports",
        "report",
        "services",
    ):
        for path in (ROOT / folder).rglob("*.py"):
            assert "import streamlit" not in path.read_text(encoding="utf-8"), path
    for module in ("domain.py", "formatting.py"):
        assert "import streamlit" not in (ROOT / module).read_text(encoding="utf-8"), module


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


def test_scripts_show_nothing_by_magic() -> None:
    """Magic is off (.streamlit/config.toml: it cost every recompile a syntax-tree rewrite), so a bare
    expression in a script would silently show nothing: every script draws with explicit st.* calls."""
    import ast
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
    for path in [*(ROOT / "pages").rglob("*.py"), ROOT / "dashboard.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        shown = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr)
            and not isinstance(node.value, ast.Call | ast.Await | ast.Yield | ast.YieldFrom)
            and id(node) not in docstrings
        ]
        assert shown == [], f"{path.name} line {shown}: magic is off, call st.write or st.markdown"


def test_no_streamlit_date_field() -> None:
    """st.date_input draws day and month as 18x20 px targets (WCAG 2.2 asks 24x24): dates are typed into
    ui.filters.date_field instead."""
    for folder in ("ui", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            assert ".date_input(" not in path.read_text(encoding="utf-8"), path
    assert ".date_input(" not in (ROOT / "dashboard.py").read_text(encoding="utf-8")


PENDING_REPORT_LAYER: dict[str, str] = {}
"""Renderers that still compute their own figures or format their own dates, each with what to do about it."""

FIGURE_MODULES = (
    "metrics.progress",
    "metrics.changes",
    "metrics.cplg",
    "metrics.engagement",
    "metrics.describe",
)
"""Where figures and sentences are computed; renderers take them from report/ instead."""


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    found |= {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    found |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return found


def test_renderers_take_figures_from_the_report_layer() -> None:
    """The board pack, the papers and the Overview render report/ sections; none computes a figure itself."""
    renderers = [*(ROOT / "exports").glob("*.py"), ROOT / "pages" / "board" / "overview.py"]
    renderers += [p for p in (ROOT / "pages").rglob("*papers*.py")]
    for path in renderers:
        if str(path.relative_to(ROOT)) in PENDING_REPORT_LAYER:
            continue
        computed = {m for m in _imports(path) if m.startswith(FIGURE_MODULES)}
        assert computed == set(), (
            f"{path.relative_to(ROOT)} imports {computed}: take the section from report/"
        )


def test_report_layer_sits_below_the_renderers() -> None:
    """report/ never imports a renderer (exports, ui, pages) nor Streamlit."""
    for path in (ROOT / "report").rglob("*.py"):
        upward = {m for m in _imports(path) if m.split(".")[0] in ("exports", "ui", "pages", "streamlit")}
        assert upward == set(), f"{path.relative_to(ROOT)} imports {upward}"


def test_dates_are_formatted_in_one_module() -> None:
    """Month names are written by formatting.py only (pages, sentences, exports and papers call it)."""
    import re

    spelled = re.compile(r"%-?d %B|%B %Y|%b %Y")
    places = [
        *(ROOT / "report").rglob("*.py"),
        *(ROOT / "exports").glob("*.py"),
        ROOT / "metrics" / "describe.py",
        ROOT / "metrics" / "filters.py",
        ROOT / "ui" / "components.py",
        ROOT / "ui" / "exports.py",
        ROOT / "pages" / "board" / "overview.py",
        ROOT / "charts" / "views.py",
    ]
    for path in places:
        if str(path.relative_to(ROOT)) in PENDING_REPORT_LAYER:
            continue
        assert not spelled.search(path.read_text(encoding="utf-8")), (
            f"{path.relative_to(ROOT)} formats a date"
        )


def test_nhs_blue_is_defined_once() -> None:
    for path in [*ROOT.glob("*.py"), *(ROOT / d for d in ("report", "exports", "ui", "metrics", "charts"))]:
        files = [path] if path.is_file() else list(path.rglob("*"))
        for file in files:
            if file.suffix in (".py", ".html") and file != ROOT / "charts" / "palette.py":
                assert "005EB8" not in file.read_text(encoding="utf-8").upper(), file


def test_settings_are_read_in_one_module() -> None:
    """CCPL_* environment variables are named in settings.py (access settings: access/settings.py) only."""
    import re

    reads = re.compile(r"""(environ|getenv)[^\n]*["']CCPL_|^\s*\w+\s*=\s*["']CCPL_""", re.MULTILINE)
    allowed = {ROOT / "settings.py", ROOT / "access" / "settings.py"}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in (".venv", "tests", "bench", "tools", ".ci") or path in allowed:
            continue
        assert not reads.search(path.read_text(encoding="utf-8")), path


PROJECT_LAYERS = ("loaders", "metrics", "charts", "store", "services", "access", "exports", "report", "ui")
BOARD_PAGE_IMPORTS = ("report", "ui", "services", "domain", "formatting")
"""What a board page may import from the project: it places what report/ sections hold, through ui/, and
saves what an editor writes through services/."""


def test_board_pages_only_place_sections() -> None:
    """A board page takes its figures, sentences, charts and tables from report/ and draws them with ui/."""
    for path in sorted((ROOT / "pages" / "board").glob("*.py")):
        name = str(path.relative_to(ROOT))
        own = {m for m in _imports(path) if m.split(".")[0] in (*PROJECT_LAYERS, "domain", "formatting")}
        outside = {m for m in own if m.split(".")[0] not in BOARD_PAGE_IMPORTS}
        assert outside == set(), f"{name} imports {outside}: take its figures from a report/ section"


def test_the_http_layer_sits_on_top() -> None:
    """web/ (the st.App server and its routes) imports ui/, access/ and store/; no layer of the app imports it,
    and it imports no page (ARCHITECTURE.md: the feed will be more routes there)."""
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in (".venv", "web", "tests", "bench", "tools", ".ci"):
            continue
        upward = {m for m in _imports(path) if m.split(".")[0] == "web"}
        assert upward == set(), f"{path.relative_to(ROOT)} imports {upward}"
    for path in (ROOT / "web").rglob("*.py"):
        pages = {m for m in _imports(path) if m.split(".")[0] == "pages"}
        assert pages == set(), f"{path.relative_to(ROOT)} imports {pages}"
