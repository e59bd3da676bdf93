"""docs/operations.md, "Adding an ICB to the cluster": its example cluster file is one the dashboard accepts as
printed, and it names no real ICB but Derbyshire (the other examples are fictional: "Example ICB ...")."""

from __future__ import annotations

import re
from pathlib import Path

from domain import DEFAULT_ORGANISATION
from settings import read_cluster_file

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Adding an ICB to the cluster"


def section() -> str:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert SECTION in text
    return text.split(SECTION, 1)[1].split("\n## ", 1)[0]


def toml_blocks(text: str) -> list[str]:
    """The ```toml blocks, their indentation (a numbered list's) taken off."""
    blocks = re.findall(r"^( *)```toml\n(.*?)^ *```", text, flags=re.M | re.S)
    return ["\n".join(line[len(indent) :] for line in body.splitlines()) for indent, body in blocks]


def test_the_example_cluster_file_is_read_as_printed(tmp_path: Path) -> None:
    cluster_file = next(b for b in toml_blocks(section()) if "[[organisations]]" in b)
    path = tmp_path / "cluster.toml"
    path.write_text(cluster_file, encoding="utf-8")
    cluster, folders = read_cluster_file(path)
    assert [o.id for o in cluster.organisations] == [DEFAULT_ORGANISATION.id, "north"]
    assert cluster.organisations[0] == DEFAULT_ORGANISATION  # Derbyshire keeps its id, names and group
    assert cluster.organisations[1].name == "Example ICB North"
    assert folders == {}  # Derbyshire's defaults are CCPL_DATA_DIR's; North starts empty


def test_the_section_names_no_icb_but_derbyshire_and_fictional_ones() -> None:
    text = section()
    names = set(re.findall(r'^ *name = "([^"]+)"', text, flags=re.M))
    assert names - {DEFAULT_ORGANISATION.name} == {"Example ICB North", "Example cluster board"}
    assert "Nottingham" not in text and "Lincolnshire" not in text
