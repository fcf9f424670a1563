"""Shared pieces for benchmarks: a scratch database, a gunicorn server, wrk."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VAR = BENCH / "var"
PYTHON = sys.executable
SHARED = Path(os.environ.get("NEWSROOM_SHARED", REPO.parent / "shared"))


def bench_env(database_url=None, **extra):
    VAR.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url or f"sqlite:///{VAR / 'bench.sqlite3'}",
        "STATIC_ROOT": str(VAR / "static"),
        "PYTHONPATH": str(REPO),
        "DEBUG": "0",
    })
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args, quiet=True):
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL if quiet else None)


def fresh_sqlite(env):
    for suffix in ("", "-wal", "-shm"):
        Path(env["DATABASE_URL"].removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


@contextmanager
def gunicorn(env, port=8765, workers=2):
    """A production-like server: gunicorn sync workers on 127.0.0.1."""
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "--max-requests", "0"],
        cwd=REPO, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def require_wrk():
    if shutil.which("wrk") is None:
        print("installing wrk (Debian package) …")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def wrk(url, seconds=8, connections=4, threads=1):
    """Requests per second that wrk measured against `url` (127.0.0.1 only, bounded in time)."""
    assert url.startswith("http://127.0.0.1"), url
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read()
