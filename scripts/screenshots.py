"""Render the key screens of every role into docs/screens/ (behind `make screenshots`).

    python scripts/screenshots.py                        # start the portal on demo data
    python scripts/screenshots.py --base-url http://127.0.0.1:8000   # a portal that runs
    python scripts/screenshots.py --out /tmp/screens --lang nl,en --all

Without --base-url it brings up the services as `make run` does (embedded PostgreSQL and
Redis unless DATABASE_URL/REDIS_URL are set), migrates, loads the demo data if the
database is empty, and serves the portal on a free port for the length of the run. It logs
in as each demo account (TOTP from the demo secrets), opens each screen at 1440 and 390 px
in headless Chromium (Debian's, as the browser tests) and writes PNGs at device scale 1,
cut at MAX_HEIGHT and reduced to 256 colours so the folder stays small.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from dev import PY, _free_port, services  # noqa: E402  (scripts/dev.py, as `make run` uses)

WIDTHS = {1440: 900, 390: 844}  # viewport width: height
MAX_HEIGHT = {1440: 1800, 390: 2600}
PASSWORD = "samenhier-demo-2026"  # noqa: S105 - the demo accounts' (sponsorship/demo.py)


@dataclass(frozen=True)
class Screen:
    name: str
    title: str
    path: str
    # From `path`, open the first link whose href matches each pattern in turn.
    follow: tuple[str, ...] = ()
    key: bool = True  # in docs/screens; the others only with --all


@dataclass(frozen=True)
class Role:
    slug: str
    email: str
    totp_secret: str
    screens: tuple[Screen, ...]


ROLES = (
    Role(
        "public",
        "",
        "",
        (
            Screen("landing", "Landing page", "/"),
            Screen("login", "Log in", "/accounts/login/"),
            Screen("apply", "Group application: choose programme and town", "/groups/apply/"),
        ),
    ),
    Role(
        "coordinator",
        "coordinator@demo.samenhier.nl",
        "JBSWY3DPEHPK3PXPCOORDAAAAAAAAAAA",
        (
            Screen("home", "Coordinator home", "/"),
            Screen("groups", "Sponsor groups", "/groups/"),
            Screen("group", "Group detail", "/groups/", (r"^/groups/\d+/$",)),
            Screen("households", "Households", "/newcomers/"),
            Screen("household", "Household dossier", "/newcomers/", (r"^/newcomers/\d+/$",)),
            Screen("runs", "Matching runs", "/matching/runs/", key=False),
            Screen("run", "Matching run", "/matching/runs/", (r"^/matching/runs/\d+/$",)),
            Screen("proposals", "Match proposals", "/matching/proposals/", key=False),
            Screen(
                "proposal",
                "Match proposal",
                "/matching/proposals/",
                (r"^/matching/proposals/\d+/$",),
                key=False,
            ),
            Screen("sessions", "Training sessions", "/training/sessions/"),
            Screen(
                "session",
                "Training session",
                "/training/sessions/",
                (r"^/training/sessions/\d+/$",),
                key=False,
            ),
            Screen("reports", "E-learning reports to confirm", "/training/reports/", key=False),
            Screen("offers", "Housing offers", "/housing/", key=False),
            Screen("offer", "Housing offer", "/housing/", (r"^/housing/offers/\d+/$",), key=False),
            Screen("sponsorships", "Sponsorships", "/groups/sponsorships/", key=False),
            Screen(
                "plan",
                "Resettlement plan",
                "/groups/sponsorships/",
                (r"^/groups/sponsorships/\d+/$", r"^/groups/plans/\d+/$"),
            ),
            Screen(
                "sponsorship",
                "Sponsorship: check-ins and signals",
                "/groups/sponsorships/",
                (r"^/groups/sponsorships/\d+/$",),
                key=False,
            ),
            Screen("notifications", "Notifications", "/notifications/", key=False),
        ),
    ),
    Role(
        "municipal",
        "gemeente@demo.samenhier.nl",
        "JBSWY3DPEHPK3PXPGEMEENTEAAAAAAAA",
        (
            Screen("home", "Municipal home", "/"),
            Screen("proposals", "Proposals to decide", "/matching/proposals/"),
            Screen(
                "dossier",
                "Match dossier for the decision",
                "/matching/proposals/",
                (r"^/matching/proposals/\d+/dossier/$",),
            ),
            Screen("offers", "Housing offers", "/housing/", key=False),
        ),
    ),
    Role(
        "member",
        "lid@demo.samenhier.nl",
        "",
        (
            Screen("home", "Group member home", "/"),
            Screen("workspace", "Group workspace", "/groups/mine/"),
            Screen("training", "My trainings", "/training/mine/"),
            Screen("match", "Our match", "/matching/my-match/", key=False),
        ),
    ),
    Role(
        "admin",
        "admin@demo.samenhier.nl",
        "JBSWY3DPEHPK3PXPADMINAAAAAAAAAAA",
        (
            Screen("home", "Administrator home", "/"),
            Screen("audit", "Audit trail", "/audit/", key=False),
        ),
    ),
)


def login(page, role: Role) -> None:
    import pyotp

    page.goto("/accounts/login/")
    page.fill("input[name=login]", role.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    for _attempt in range(2):
        if "/accounts/2fa/authenticate" not in page.url:
            break
        if _attempt:  # the code of this window was used already: wait for the next one
            time.sleep(30 - time.time() % 30 + 1)
        page.fill("input[name=code]", pyotp.TOTP(role.totp_secret).now())
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    if "/accounts/" in page.url:
        raise SystemExit(f"login as {role.email} failed at {page.url}")


def open_screen(page, screen: Screen) -> bool:
    response = page.goto(screen.path)
    for pattern in screen.follow:
        hrefs = page.eval_on_selector_all(
            "main a[href]", "els => els.map(a => a.getAttribute('href'))"
        )
        target = next((h for h in hrefs if re.match(pattern, h.split("?")[0])), None)
        if target is None:
            print(f"  skipped {screen.name}: no link matching {pattern} on {page.url}")
            return False
        response = page.goto(target)
    page.wait_for_load_state("networkidle")
    if response is not None and response.status >= 400:
        print(f"  warning: {page.url} answered {response.status}")
    return True


def save(page, path: Path, width: int) -> None:
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[width])
    page.screenshot(
        path=str(path),
        clip={"x": 0, "y": 0, "width": width, "height": height},
        full_page=True,
        animations="disabled",
        caret="hide",
    )
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    reduced.save(path, optimize=True)


def shoot(
    base_url: str, out: Path, languages: list[str], everything: bool, only: set[str]
) -> list[tuple]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    done = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        for role in ROLES:
            wanted = [
                screen
                for screen in role.screens
                if (screen.key or everything) and _chosen(only, role, screen)
            ]
            if not wanted:
                continue
            context = browser.new_context(base_url=base_url, locale="nl-NL", device_scale_factor=1)
            page = context.new_page()
            page.set_default_timeout(30000)
            if role.email:
                login(page, role)
            for language in languages:
                _set_language(page, role, language)
                for screen in wanted:
                    for width, height in WIDTHS.items():
                        page.set_viewport_size({"width": width, "height": height})
                        if not open_screen(page, screen):
                            break
                        suffix = "" if language == languages[0] else f"-{language}"
                        name = f"{role.slug}-{screen.name}-{width}{suffix}.png"
                        save(page, out / name, width)
                        done.append((name, role.slug, screen, width, language, page.url))
                        print(f"  {name}  ({page.url.removeprefix(base_url)})")
            context.close()
        browser.close()
    return done


def _chosen(only: set[str], role: Role, screen: Screen) -> bool:
    return not only or role.slug in only or f"{role.slug}-{screen.name}" in only


def _set_language(page, role: Role, language: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})  # the menu is open at this width
    for path in dict.fromkeys(screen.path for screen in role.screens):
        page.goto(path)
        if page.locator("#language-select").count():
            page.select_option("#language-select", language)
            page.click("form.language-form button[type=submit]")
            page.wait_for_load_state()
            return
    raise SystemExit(f"no page of {role.slug} has the language switcher")


def write_index(out: Path, done: list[tuple]) -> None:
    lines = [
        "# Screens",
        "",
        "Rendered by `make screenshots` (scripts/screenshots.py) from the demo data, at",
        f"1440 and 390 px wide (device scale 1, cut at {MAX_HEIGHT[1440]} and "
        f"{MAX_HEIGHT[390]} px high). Regenerate after a visual change.",
        "",
        "| role | screen | 1440 px | 390 px |",
        "| --- | --- | --- | --- |",
    ]
    rows: dict[tuple, dict] = {}
    for name, role, screen, width, language, _url in done:
        rows.setdefault((role, screen.title, language), {})[width] = name
    for (role, title, language), files in rows.items():
        label = title if language == "nl" else f"{title} ({language})"
        cells = [f"[{files[w]}]({files[w]})" if w in files else "" for w in WIDTHS]
        lines.append(f"| {role} | {label} | {' | '.join(cells)} |")
    (out / "README.md").write_text("\n".join(lines) + "\n")


@contextlib.contextmanager
def portal():
    """A portal on demo data for the length of the block; yields its base URL."""
    with services() as env:
        env.setdefault("DJANGO_DEBUG", "true")  # runserver serves the static files
        for args in (["migrate", "--no-input", "-v0"], ["seed_demo", "--if-empty"]):
            subprocess.run([PY, "manage.py", *args], env=env, cwd=ROOT, check=True)
        port = _free_port()
        log_path = ROOT / ".local" / "screenshots-server.log"
        log_path.parent.mkdir(exist_ok=True)
        stack_log = open(log_path, "w")  # noqa: SIM115 - closed below
        print(f"portal on port {port}; its log: {log_path}")
        server = subprocess.Popen(
            [PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=stack_log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base_url)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=20)
            stack_log.close()


def _wait_for(base_url: str) -> None:
    for _ in range(120):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=2)  # noqa: S310
            return
        time.sleep(0.5)
    raise SystemExit(f"the portal did not answer at {base_url}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running portal with the demo data")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--lang", default="nl", help="comma-separated, first is the default")
    parser.add_argument("--all", action="store_true", help="also the screens not in the docs")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated roles or role-screen names, e.g. member,public-login",
    )
    args = parser.parse_args(argv)
    if shutil.which("chromium") is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    languages = args.lang.split(",")
    only = set(filter(None, args.only.split(",")))
    with contextlib.ExitStack() as stack:
        base_url = args.base_url or stack.enter_context(portal())
        if args.out == ROOT / "docs" / "screens" and not only:
            for old in args.out.glob("*.png"):
                old.unlink()
        done = shoot(base_url.rstrip("/"), args.out, languages, args.all, only)
    if not only:  # a partial run keeps the index of the last full one
        write_index(args.out, done)
    print(f"{len(done)} screens in {args.out}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main(sys.argv[1:]))
