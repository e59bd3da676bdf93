"""tools/serve.py: the server a proxy or a test is told is ready has already drawn its Overview once."""

from __future__ import annotations

import urllib.request

from tools.app_server import running_app
from tools.session_client import Page, run_async, visit


def test_the_health_check_answers_ready_only_after_the_server_drew_its_own_overview(tmp_path) -> None:  # noqa: ANN001
    env = {"CCPL_STATE_DIR": str(tmp_path), "CCPL_DATA_DIR": "", "CCPL_DATABASE_URL": ""}
    with running_app(env, poll=0.01) as url:
        # running_app returns at the first healthy answer: by then the first visit must be finished.
        assert "First visit drawn in" in url.log.read_text(errors="replace")
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        first = run_async(visit(url, Page("", "CCPL progress overview", chart=True)))
        assert first.first_chart is not None
