"""gunicorn, configured by gunicorn.conf.py, logs each request without its query string or Referer.

A real gunicorn serves one request on a Unix socket; its whole output (access log and error log)
must hold the path and none of the values the reader entered.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

SECRETS = ["erkend-vluchteling", "2026-01-15", "geheim-referer", "limburg", "zorgen-voor-kind"]
REQUEST = (
    "GET /nl/stappen/?situation=erkend-vluchteling&age=volwassen&region=limburg"
    "&decided=2026-01-15&done=zorgen-voor-kind HTTP/1.1\r\n"
    "Host: localhost\r\n"
    "Referer: http://localhost/nl/stappen/?situation=geheim-referer\r\n"
    "Connection: close\r\n\r\n"
)


def test_the_access_log_holds_the_path_but_no_answers(tmp_path):
    # The project's settings, with plain static files (no collectstatic here) and an empty
    # database: the page answers 503, which is logged like any other answer.
    (tmp_path / "access_log_settings.py").write_text(
        "from vluchtwijzer.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "  # noqa: F405
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    sock = tmp_path / "gunicorn.sock"
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{settings.BASE_DIR}",
        "DJANGO_SETTINGS_MODULE": "access_log_settings",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "GUNICORN_BIND": f"unix:{sock}",
        "WEB_CONCURRENCY": "1",
        "ACCESS_LOG": "true",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
        + ["vluchtwijzer.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        answer = _request(sock, REQUEST)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert answer.startswith("HTTP/1.1 "), output
    lines = [line for line in output.splitlines() if '"GET /nl/stappen/ HTTP/1.1"' in line]
    assert len(lines) == 1, output  # the access log line, with the path alone
    for secret in SECRETS:
        assert secret not in output, (secret, output)


def _request(sock: Path, raw: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.connect(str(sock))
                client.sendall(raw.encode())
                chunks = []
                while chunk := client.recv(65536):
                    chunks.append(chunk)
                return b"".join(chunks).decode(errors="replace")
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
