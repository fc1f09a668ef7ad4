"""The dependency locks (make lock) still satisfy pyproject.toml, with a hash for every pin.

Offline on purpose: `make test` must not need the network (pip-audit does: `make audit`).
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins(lock: str) -> dict[str, str]:
    pins, name = {}, None
    for line in (ROOT / lock).read_text().splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match[1])
            assert name not in pins, f"{lock}: {name} pinned twice"
            pins[name] = match[2]
            assert line.rstrip().endswith("\\"), f"{lock}: {name} has no --hash"
    return pins


def _requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ()), ("requirements-dev.lock", ("test", "dev"))]
)
def test_lock_pins_every_requirement_within_its_range(lock, extras):
    pins = _pins(lock)
    for requirement in _requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}: run `make lock`"
        )


def test_every_lock_line_carries_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        assert text.count("--hash=sha256:") >= len(_pins(lock)), lock


def test_production_and_development_run_the_same_versions():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_production_lock_holds_no_test_or_dev_tool():
    runtime = _pins("requirements.lock")
    tools = {
        canonicalize_name(r.name) for r in _requirements("test", "dev")[len(_requirements()) :]
    }
    assert tools and not tools & set(runtime)
