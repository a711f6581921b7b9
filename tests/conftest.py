"""Shared test set-up: every test signs journals with a key of its own, never the user's;
the syntax tests run on both YAML scanners (`scanner`)."""

from __future__ import annotations

import pytest
import yaml

from game.scenario import safe_yaml


@pytest.fixture(autouse=True)
def _installation_key(tmp_path_factory, monkeypatch):
    """Point the journal key at a throwaway file, so tests never touch ~/.config/truce."""
    folder = tmp_path_factory.mktemp("key")
    monkeypatch.setenv("TRUCE_KEY_FILE", str(folder / "journal.key"))


@pytest.fixture(params=["C", "pure Python"])
def scanner(request, monkeypatch):
    """Both YAML scanners give the same places."""
    if request.param == "C" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no C scanner")
    if request.param == "pure Python":
        monkeypatch.setattr(safe_yaml, "_LOADER", safe_yaml._DepthCheckingLoader)
