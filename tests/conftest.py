"""Shared test set-up: every test signs journals with a key of its own, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _installation_key(tmp_path_factory, monkeypatch):
    """Point the journal key at a throwaway file, so tests never touch ~/.config/truce."""
    folder = tmp_path_factory.mktemp("key")
    monkeypatch.setenv("TRUCE_KEY_FILE", str(folder / "journal.key"))
