"""`make bench`: measure the portal against its framework floor and its static ceiling.

1. a local PostgreSQL database (.ci/postgres.sh) with the whole kit plus 5,000 generated organisations;
2. for each page: its query count (uncached) and the compressed weight of the chapter page;
3. gunicorn on loopback (2 sync workers), once with the page cache off and once on;
4. wrk from a second process at concurrency 8: requests/s, p50, p95 for six pages, the same
   bytes from a trivial Django view (floor) and as a static file from whitenoise (ceiling).
Prints a table and writes var/bench.json. Load only ever goes to 127.0.0.1.
"""

import json
import os
import platform
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, ROOT, run, start_gunicorn  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8123"))
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = 8
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "5000"))
PAGES = {
    "home": "/nl/",
    "chapter": "/nl/trajecten/woning-zoeken/",
    "directory (filtered)": "/nl/organisaties/?region=limburg&chapter=werk-zoeken",
    "organisation": "/nl/organisaties/vdab/",
    "network map": "/nl/organisaties/netwerkkaart/zorgen-voor/",
    "search": "/nl/zoeken/?q=leefloon",
}
FLOOR = "/bench/floor/"
CEILING = "/static/bench/chapter.html"


def prepare(env: dict) -> dict:
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    run(PYTHON, "manage.py", "load_starterskit", env=env, capture=True)
    run(PYTHON, "manage.py", "generate_organisations", "--count", str(ORGANISATIONS), env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    # Query counts, the chapter snapshot for the floor and the ceiling, and the page weight.
    script = """
import json, gzip, os
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.contrib.staticfiles.storage import staticfiles_storage
from pathlib import Path
pages = json.loads(os.environ["PAGES"])
client = Client()
counts, weights = {}, {}
for name, url in pages.items():
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    counts[name] = len(ctx.captured_queries)
    weights[name] = len(gzip.compress(response.content))
chapter = client.get(pages["chapter"]).content
Path("var/bench").mkdir(parents=True, exist_ok=True)
Path("var/bench/chapter.html").write_bytes(chapter)
Path("staticfiles/bench").mkdir(parents=True, exist_ok=True)
Path("staticfiles/bench/chapter.html").write_bytes(chapter)
assets = [Path(staticfiles_storage.path(name)).read_bytes() for name in ("css/site.css", "js/htmx.min.js")]
weight = len(gzip.compress(chapter)) + sum(len(gzip.compress(a)) for a in assets)
assets_gzip = sum(len(gzip.compress(a)) for a in assets)
print(json.dumps({"queries": counts, "html_gzip_bytes": weights, "assets_gzip_bytes": assets_gzip, "chapter_gzip_bytes": weight, "chapter_html_bytes": len(chapter)}))
"""
    out = run(
        PYTHON,
        "manage.py",
        "shell",
        "-c",
        script,
        env={**env, "PAGES": json.dumps(PAGES), "PAGE_CACHE": "false"},
        capture=True,
    )
    return json.loads(out.strip().splitlines()[-1])


def wrk(url: str) -> dict:
    out = run(
        "wrk",
        "-t2",
        f"-c{CONCURRENCY}",
        f"-d{DURATION}s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        url,
        capture=True,
    )
    data = json.loads(out.strip().splitlines()[-1])
    seconds = data["duration_us"] / 1e6
    return {
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p95_ms": round(data["p95_us"] / 1000, 2),
        "errors": data["errors"] + data["non2xx"],
    }


def main() -> None:
    if not shutil.which("wrk"):
        run("apt-get", "update", "-qq")  # a fresh machine has no package lists yet
        run("apt-get", "install", "-y", "-qq", "wrk")
    database_url = run(
        str(ROOT / ".ci" / "postgres.sh"), "vluchtwijzer_bench", capture=True
    ).strip()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # the project plus /bench/floor/
        "LOG_LEVEL": "WARNING",
    }
    facts = prepare(env)
    results = {}
    for mode, page_cache in (("uncached", "false"), ("cached", "true")):
        server = start_gunicorn(PORT, {**env, "PAGE_CACHE": page_cache})
        try:
            base = f"http://127.0.0.1:{PORT}"
            results[mode] = {"floor": wrk(base + FLOOR), "ceiling": wrk(base + CEILING)}
            for name, path in PAGES.items():
                results[mode][name] = wrk(base + path)
        finally:
            server.terminate()
            server.wait(10)
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "setup": f"gunicorn 2 sync workers, PostgreSQL, wrk -c{CONCURRENCY} -d{DURATION}s, {ORGANISATIONS} extra organisations",
        **facts,
        "results": results,
    }
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench.json").write_text(json.dumps(report, indent=2))
    print_table(report)


def print_table(report: dict) -> None:
    print(f"\nVluchtwijzer bench, {report['date']} — {report['machine']}\n{report['setup']}\n")
    print(f"Chapter page with CSS and JS, gzip: {report['chapter_gzip_bytes'] / 1024:.1f} KB")
    weights = ", ".join(
        f"{name} {size / 1024:.1f}" for name, size in report["html_gzip_bytes"].items()
    )
    print(
        f"HTML per page, gzip KB: {weights}; CSS + JS once: {report['assets_gzip_bytes'] / 1024:.1f} KB\n"
    )
    header = f"{'page':22} {'queries':>7} | {'uncached req/s':>14} {'p50':>6} {'p95':>6} | {'cached req/s':>12} {'p50':>6} {'p95':>6} | {'÷floor':>6} {'÷ceil':>6}"
    print(header)
    print("-" * len(header))
    for name in ["floor", "ceiling", *PAGES]:
        uncached, cached = report["results"]["uncached"][name], report["results"]["cached"][name]
        floor, ceiling = (
            report["results"]["cached"]["floor"]["rps"],
            report["results"]["cached"]["ceiling"]["rps"],
        )
        queries = report["queries"].get(name, "-")
        print(
            f"{name:22} {queries!s:>7} | {uncached['rps']:>14} {uncached['p50_ms']:>6} {uncached['p95_ms']:>6} | "
            f"{cached['rps']:>12} {cached['p50_ms']:>6} {cached['p95_ms']:>6} | "
            f"{cached['rps'] / floor:>6.2f} {cached['rps'] / ceiling:>6.2f}"
        )
    errors = sum(r["errors"] for mode in report["results"].values() for r in mode.values())
    print(f"\nerrors: {errors}; JSON: var/bench.json")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
