"""The app renders through its entry file with the default data."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def test_overview_renders_the_seed_figures() -> None:
    at = AppTest.from_file(ENTRY, default_timeout=60).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Themes"] == "8"
    assert metrics["Priorities"] == "24"
    assert metrics["Complete"] == "1"
    assert metrics["CPLG agenda items"] == "21"
    assert metrics["Total attendance (approximate)"] == "250"
    assert "Data checks: 3 to review" in [e.label for e in at.expander]
