"""Shared fixtures: the seeds, the development corpus, and a helper to run the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_expectations() -> dict:
    return json.loads((DATA / "seeds_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_docs():
    """The five seeds extracted once, with one resolver (as a build does)."""
    from kg.build import load

    corpus = load([SEEDS])
    return {d.name: d for d in corpus.docs}


@pytest.fixture(scope="session")
def seed_exports(tmp_path_factory) -> Path:
    """The seeds built once into a temporary exports folder."""
    from kg.build import build

    out = tmp_path_factory.mktemp("exports")
    build([SEEDS], out)
    return out


@pytest.fixture()
def cli():
    from kg.cli import main

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke
