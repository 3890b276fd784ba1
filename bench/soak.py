"""`make soak`: several app servers, a bounded load test, and a database outage. Loopback only.

1. Two gunicorns on two ports share one PostgreSQL and one Redis (REDIS_URL: pages, fragments and
   the content version live there): an edit made elsewhere is seen on both at their next request.
2. Load: 60 s at concurrency 32 against a mix of pages, through both servers: zero errors allowed.
3. Fault: PostgreSQL is stopped during load. Pages answer a friendly 503 (never a 500); after
   PostgreSQL is back the site recovers without a restart, and an edit made before the outage is there.
Needs root (it starts and stops the local PostgreSQL and starts Redis), like .ci/run. Writes var/soak.json.
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, ROOT, get, run, start_gunicorn  # noqa: E402

PORTS = (8131, 8132)
LOAD_SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CHAPTER = "/nl/trajecten/woning-zoeken/"


def edit(env: dict, text: str) -> None:
    """Save a section as the admin would (a model save: signals, history, content version)."""
    script = (
        "import reversion\nfrom trajecten.models import Section\n"
        "with reversion.create_revision():\n"
        "    s = Section.objects.get(chapter__slug='woning-zoeken', key='huurwaarborg')\n"
        f"    s.body_nl = s.body_nl.split('\\n\\n[soak]')[0] + '\\n\\n[soak] {text}'\n"
        "    s.save()\n"
    )
    run(PYTHON, "manage.py", "shell", "-c", script, env=env)


def main() -> None:
    database_url = run(str(ROOT / ".ci" / "postgres.sh"), "vluchtwijzer_soak", capture=True).strip()
    redis_url = run(str(ROOT / ".ci" / "redis.sh"), "6381", capture=True).strip()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": "soak-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
        "CONN_MAX_AGE": "60",
    }
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_starterskit", env=env, capture=True)
    run(PYTHON, "manage.py", "generate_organisations", "--count", "5000", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    report = {}
    servers = [start_gunicorn(port, env) for port in PORTS]
    try:
        # 1. Two app servers, one database.
        for port in PORTS:
            get(port, CHAPTER)  # warm both page caches
        edit(env, "edit made through server A")
        seen = [("edit made through server A" in get(port, CHAPTER)[1]) for port in PORTS]
        report["two_servers_see_the_edit"] = seen
        print(f"1. edit seen on both app servers: {seen}")

        # 2. Bounded load through both servers.
        urls = [
            CHAPTER,
            "/nl/",
            "/ar/trajecten/zorgen-voor/",
            "/nl/organisaties/?region=limburg",
            "/nl/zoeken/?q=OCMW",
        ]
        report["load"] = load(urls, seconds=LOAD_SECONDS, concurrency=32)
        print(f"2. load {LOAD_SECONDS}s c32: {report['load']}")

        # 3. A database outage during load.
        edit(env, "edit made before the outage")
        version = run("sh", "-c", "ls /etc/postgresql | sort -V | tail -n 1", capture=True).strip()
        outage = {}

        def stop_and_start():
            time.sleep(3)
            run("pg_ctlcluster", version, "main", "stop", "-m", "fast")
            time.sleep(6)
            run("pg_ctlcluster", version, "main", "start")

        switch = threading.Thread(target=stop_and_start)
        switch.start()
        outage = load(
            [CHAPTER, "/nl/organisaties/vdab/", "/nl/zoeken/?q=leefloon"],
            seconds=15,
            concurrency=8,
            cached=False,
        )
        switch.join()
        time.sleep(2)
        after = [get(port, CHAPTER) for port in PORTS]
        outage["after_restart_status"] = [status for status, _ in after]
        outage["edit_before_outage_kept"] = all(
            "edit made before the outage" in body for _, body in after
        )
        report["fault"] = outage
        print(f"3. outage: {outage}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "soak.json").write_text(json.dumps(report, indent=2))
    ok = (
        all(report["two_servers_see_the_edit"])
        and report["load"]["errors"] == 0
        and report["fault"]["5xx_other_than_503"] == 0
        and report["fault"]["after_restart_status"] == [200, 200]
        and report["fault"]["edit_before_outage_kept"]
    )
    print("soak: OK" if ok else "soak: FAILED")
    sys.exit(0 if ok else 1)


def load(urls: list[str], *, seconds: int, concurrency: int, cached: bool = True) -> dict:
    """A bounded closed-loop load from threads (loopback only); counts statuses."""
    deadline = time.monotonic() + seconds
    counts: dict[int, int] = {}
    lock = threading.Lock()

    def worker(n: int):
        i = n
        while time.monotonic() < deadline:
            port = PORTS[i % len(PORTS)]
            path = urls[i % len(urls)] + (
                "" if cached else f"{'&' if '?' in urls[i % len(urls)] else '?'}n={i}"
            )
            status, _ = get(port, path)
            with lock:
                counts[status] = counts.get(status, 0) + 1
            i += concurrency

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(counts.values())
    return {
        "requests": total,
        "per_second": round(total / seconds, 1),
        "statuses": {str(k): v for k, v in sorted(counts.items())},
        "errors": sum(v for k, v in counts.items() if k == 0 or k >= 500),
        "5xx_other_than_503": sum(v for k, v in counts.items() if k >= 500 and k != 503),
    }


if __name__ == "__main__":
    main()
