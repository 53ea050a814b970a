#!/usr/bin/env python3
"""Set up and run the project with nothing but python3.

    python3 dev.py build   # the seeds' graph and every export, into exports/
    python3 dev.py test    # the whole test suite (installs what the tests need)

Each command first makes sure .venv exists with the project installed (it reinstalls
only when pyproject.toml changes). ``test`` also installs Debian's chromium (browser
tests) and virtuoso-opensource (the push integration test) when they are missing and
apt-get is available.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".installed"


def say(msg: str) -> None:
    print(f"dev.py: {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], **kw) -> int:
    return subprocess.call(cmd, cwd=ROOT, **kw)


def ensure_venv() -> None:
    if not PY.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == want:
        return
    say("installing the project and its pinned dependencies into .venv")
    quiet = ["-q"] if not os.environ.get("CI_VERBOSE") else []
    if run([str(PY), "-m", "pip", "install", *quiet, "--upgrade", "pip"]) != 0:
        sys.exit("dev.py: could not upgrade pip in .venv")
    if run([str(PY), "-m", "pip", "install", *quiet, "-e", ".[dev]"]) != 0:
        sys.exit("dev.py: pip install failed (see above)")
    STAMP.write_text(want)


# Debian package -> the program a test needs from it
SYSTEM_PACKAGES = (("chromium", "chromium"), ("virtuoso-opensource", "virtuoso-t"))


def ensure_system_packages() -> None:
    """Debian packages the tests need: Chromium for the browser tests, Virtuoso for the push
    integration test. Each is installed on its own, so one failing does not stop the other;
    a package that cannot be installed is named in KG_<PROGRAM>_UNAVAILABLE for the tests,
    which then skip with that reason (and fail when the program is missing for no reason)."""
    missing = [(pkg, exe) for pkg, exe in SYSTEM_PACKAGES if not shutil.which(exe)]
    if not missing or not shutil.which("apt-get"):
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    say("updating Debian's package lists")
    run([*sudo, "apt-get", "update", "-qq"], env=env)
    for pkg, exe in missing:
        say(f"installing Debian package {pkg}")
        code = run([*sudo, "apt-get", "install", "-y", "-qq", pkg], env=env)
        if code != 0 or not shutil.which(exe):
            say(f"could not install {pkg}; the tests that need {exe} will say so")
            key = "KG_" + exe.split("-")[0].upper() + "_UNAVAILABLE"
            os.environ[key] = f"apt-get install {pkg} exited {code}"


def cmd_build(args: list[str]) -> int:
    ensure_venv()
    out = ROOT / "exports"
    return run([str(BIN / "kg"), "build", "seeds", "--out", str(out), *args])


def cmd_test(args: list[str]) -> int:
    ensure_venv()
    ensure_system_packages()
    code = run([str(PY), "-m", "pytest", *args])
    if code == 5:
        say("pytest collected no tests: that is a failure, not a pass")
        return 1
    return code


def cmd_lint(args: list[str]) -> int:
    ensure_venv()
    return run([str(BIN / "ruff"), "check", "kg", "tests", "benchmarks", "dev.py", *args])


COMMANDS = {"build": cmd_build, "test": cmd_test, "lint": cmd_lint}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        print("\nalso: python3 dev.py lint", file=sys.stderr)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
