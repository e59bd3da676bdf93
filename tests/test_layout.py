"""Project layout rules that keep the app working and the code where a newcomer expects it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_page_script_at_the_top_of_pages() -> None:
    """A top-level pages/*.py makes a new server route deep links around dashboard.py (pages/README.md)."""
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == []


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
    for path in (ROOT / "loaders").rglob("*.py"):  # the tracker formats: loaders/spec.py, loaders/formats/
        schema = path.read_text(encoding="utf-8")
        for name in ("class Kind", "STATUSES: tuple", "OUTCOMES: tuple", "FACETS: tuple"):
            assert name not in schema, f"{name} belongs in domain.py ({path.relative_to(ROOT)})"


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


LAYER_DOC = ROOT / "docs" / "layers.md"
"""Who may import whom: the table the architecture is written in and this test reads."""

NOT_PROJECT = (".venv", "var", "node_modules")
"""Top-level folders that are not the project's code (hidden folders, such as .ci, are left out too)."""


def _table(heading: str, may_be_empty: bool = False) -> list[list[str]]:
    """The rows of the first Markdown table under `## heading` in docs/layers.md, each a list of cell texts
    (the Exceptions table may be its header alone: nothing breaks the layers)."""
    lines = LAYER_DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {heading}") + 1
    rows: list[list[str]] = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    assert len(rows) >= (2 if may_be_empty else 3), f"docs/layers.md has no table under '## {heading}'"
    return rows[2:]  # after the heading row and the |---| row


def _names(cell: str) -> list[str]:
    """'`loaders/`, `domain.py`' -> ['loaders', 'domain']: the top-level names a Holds cell gives."""
    import re

    return [name.removesuffix("/").removesuffix(".py") for name in re.findall(r"`([^`]+)`", cell)]


def _layers() -> dict[str, tuple[int, str, frozenset[str]]]:
    """Each top-level name (folder or module) -> (floor, layer, what the layer may import)."""
    placed: dict[str, tuple[int, str, frozenset[str]]] = {}
    for floor, layer, holds, may in _table("Layers"):
        allowed = frozenset(
            word.strip() for word in may.split("(")[0].split(",") if word.strip() != "nothing"
        )
        for name in _names(holds):
            assert name not in placed, f"docs/layers.md places {name} twice"
            placed[name] = (int(floor), layer, allowed)
    return placed


def _exceptions() -> set[tuple[str, str]]:
    """(module path, layer) pairs the Exceptions table allows for now."""
    found = set()
    for module, layer, todo in _table("Exceptions", may_be_empty=True):
        assert "issue" in todo.lower(), f"exception {module} -> {layer} names no issue to remove it"
        found.add((_names(module)[0] + ".py", layer))
    return found


def _project_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not any(part.startswith(".") or part in NOT_PROJECT for part in path.relative_to(ROOT).parts[:-1])
    ]


def _imported_layers(path: Path, placed: dict[str, tuple[int, str, frozenset[str]]]) -> set[str]:
    """The layers (and 'streamlit') a module imports, over its syntax tree; 'itself' for its own layer."""
    import ast

    own = placed[path.relative_to(ROOT).parts[0].removesuffix(".py")][1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            tops = ["" if node.level else (node.module or "").split(".")[0]]
        elif isinstance(node, ast.Import):
            tops = [alias.name.split(".")[0] for alias in node.names]
        else:
            continue
        for top in tops:
            if top == "" or (top in placed and placed[top][1] == own):
                found.add("itself")
            elif top in placed:
                found.add(placed[top][1])
            elif top == "streamlit":
                found.add("streamlit")
    return found


def test_every_folder_has_a_layer() -> None:
    """A new top-level folder or module is placed in docs/layers.md before its imports can be checked."""
    placed = _layers()
    tops = {path.relative_to(ROOT).parts[0].removesuffix(".py") for path in _project_files()}
    assert tops - set(placed) == set(), "place these in docs/layers.md"


def test_the_layer_table_runs_downhill() -> None:
    """Every layer may import only layers on lower floors: no import can run back up, and no circle."""
    placed = _layers()
    floors = {layer: floor for floor, layer, _ in placed.values()}
    for floor, layer, allowed in placed.values():
        for other in allowed - {"itself", "streamlit"}:
            assert other in floors, f"docs/layers.md: {layer} may import '{other}', which is no layer"
            assert floors[other] < floor, f"docs/layers.md: {layer} (floor {floor}) may import {other} " + (
                f"(floor {floors[other]}), which is not below it"
            )


def test_every_import_is_allowed_by_the_layer_table() -> None:
    """The nevers of the architecture, checked over every import of every module (docs/layers.md)."""
    placed = _layers()
    exceptions = _exceptions()
    broken = []
    for path in sorted(_project_files()):
        module = str(path.relative_to(ROOT))
        layer, allowed = placed[path.relative_to(ROOT).parts[0].removesuffix(".py")][1:]
        for imported in sorted(_imported_layers(path, placed) - allowed):
            if (module, imported) not in exceptions:
                what = "another module of its own layer" if imported == "itself" else imported
                broken.append(f"{module} ({layer}) imports {what}")
    assert broken == [], "not allowed by docs/layers.md:\n" + "\n".join(broken)


def test_every_exception_still_happens() -> None:
    """An exception in docs/layers.md that the code no longer needs is deleted, so the table stays true."""
    placed = _layers()
    for module, layer in sorted(_exceptions()):
        path = ROOT / module
        assert path.exists(), f"docs/layers.md: {module} no longer exists: delete its exception"
        assert layer in _imported_layers(path, placed), (
            f"docs/layers.md: {module} no longer imports {layer}: delete its exception"
        )


LONG_MODULES: dict[str, str] = {}
"""Modules over the limit today, each with what splits it; data/ (the seed content) is exempt."""


def test_no_module_is_over_600_lines() -> None:
    """A module a newcomer can read: none outside data/ over 600 lines (loaders/ has no exception)."""
    for path in _project_files():
        module = str(path.relative_to(ROOT))
        if module.startswith(("data/", "tests/")) or module in LONG_MODULES:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 600, f"{module} has {lines} lines: split it by concern"


def test_every_long_module_exception_is_still_needed() -> None:
    """A module named in LONG_MODULES that has been split is deleted from it, so the list stays true."""
    for module in sorted(LONG_MODULES):
        path = ROOT / module
        assert path.exists(), f"{module} no longer exists: delete it from LONG_MODULES"
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines > 600, f"{module} has {lines} lines now: delete it from LONG_MODULES"


DECK_ENGINE = ("exports.deck", "exports.deck_tables", "exports.slide_xml")
"""The general slide deck engine (issue 21 step 4); exports/appendix_a.py is the Appendix A content on it."""


def test_deck_content_uses_only_the_engines_public_api() -> None:
    """Appendix A says which slides there are and what they hold; it imports the engine's public names only
    and reaches into no private attribute (of the deck, a slide or python-pptx)."""
    import ast

    tree = ast.parse((ROOT / "exports" / "appendix_a.py").read_text(encoding="utf-8"))
    engine = [
        node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module in DECK_ENGINE
    ]
    assert engine, "exports/appendix_a.py draws its slides with the deck engine"
    private = [
        f"{node.module}.{alias.name}" for node in engine for alias in node.names if alias.name.startswith("_")
    ]
    assert private == [], private
    reached = [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
    ]
    assert reached == [], reached
    for module in DECK_ENGINE:
        assert "exports.appendix_a" not in _imports(ROOT / (module.replace(".", "/") + ".py")), module


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """Each project module (tests left out) -> the project modules it imports, `if TYPE_CHECKING:` included."""
    import ast

    files = {_module_name(p): p for p in _project_files() if p.relative_to(ROOT).parts[0] != "tests"}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [f"{base}.{alias.name}" for alias in node.names]  # a module, or a name in `base`
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.add(target)
        graph[name] = found
    return graph


def test_no_import_circle() -> None:
    """No module imports itself round a circle, not even for type hints (the one-way flow, module by module)."""
    graph = _module_graph()
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    circles: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph.get(module, ())):
            if state.get(other) == 1:
                circles.append([*path[path.index(other) :], other])
            elif other not in state:
                walk(other, [*path, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert circles == [], "import circles: " + "; ".join(" -> ".join(c) for c in circles)
