"""Run several app replicas behind nginx: session affinity by cookie, websocket upgrade. For tests and benchmarks.

Streamlit keeps each session (and its uploads and generated downloads) in the memory of the process that
created it, so every request of one browser must reach the same replica. `ip_hash` would do that but sends
everybody behind one office's address translation to a single replica; instead nginx gives each new browser
a random `ccpl_replica` cookie and hashes on it (open-source nginx has no `sticky` directive).
docs/operations.md shows the same configuration for a real deployment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

from tools.app_server import AppUrl, free_port, stop

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
AFFINITY_COOKIE = "ccpl_replica"


def nginx_config(replicas: Sequence[str], port: int, folder: Path) -> str:
    """An nginx configuration proxying 127.0.0.1:port to the replicas (host:port each), files in folder."""
    servers = "\n".join(f"    server {address};" for address in replicas)
    user = "user root;\n" if os.geteuid() == 0 else ""  # temp files in a root-owned folder
    return f"""{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  client_max_body_size 25m;  # above server.maxUploadSize (20 MB)

  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # A browser without the affinity cookie gets a random one; the upstream hashes on it.
  map $cookie_{AFFINITY_COOKIE} $replica_key {{ '' $request_id; default $cookie_{AFFINITY_COOKIE}; }}
  map $cookie_{AFFINITY_COOKIE} $replica_cookie {{
    '' "{AFFINITY_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
    default '';
  }}
  upstream ccpl {{
    hash $replica_key consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://ccpl;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 1d;  # a board member may leave the page open all meeting
      proxy_send_timeout 1d;
      add_header Set-Cookie $replica_cookie always;
    }}
  }}
}}
"""


@contextlib.contextmanager
def running_proxy(replicas: Sequence[AppUrl], timeout: float = 20) -> Iterator[AppUrl]:
    """Start nginx in front of the replicas (base URLs) on a free port; yield its base URL; stop it."""
    with tempfile.TemporaryDirectory(prefix="ccpl-nginx-") as folder:
        port = free_port()
        addresses = [url.split("://", 1)[1] for url in replicas]
        config = Path(folder) / "nginx.conf"
        config.write_text(nginx_config(addresses, port, Path(folder)), encoding="utf-8")
        process = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", folder, "-e", f"{folder}/error.log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        url = AppUrl(f"http://127.0.0.1:{port}")
        url.pid = process.pid
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (Path(folder) / "error.log").read_text(errors="replace")
                    raise RuntimeError(f"nginx did not start:\n{log}")
                time.sleep(0.1)
            yield url
        finally:
            stop(process)
