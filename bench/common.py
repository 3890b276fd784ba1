"""What `make bench` and `make soak` share: running manage.py and starting gunicorn on loopback."""

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def run(*args, env=None, capture=False) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def start_gunicorn(
    port: int, env: dict, app: str = "vluchtwijzer.wsgi", ready: str = "/healthz"
) -> subprocess.Popen:
    """gunicorn with 2 sync workers on 127.0.0.1:port; returns once `ready` answers."""
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env={**env, "ACCESS_LOG": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if get(port, ready)[0] == 200:
            return process
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn on port {port} did not start")


def worker_rss_mb(master: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master.pid)], capture_output=True, text=True, check=False
    ).stdout
    return sorted(round(int(kb) / 1024, 1) for kb in out.split())
