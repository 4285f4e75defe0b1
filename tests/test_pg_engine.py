"""The lib suite's PostgreSQL half (tests/pg_engine.py): skipped with its reason where PostgreSQL is missing,
failing instead under CI, where it must run."""
from __future__ import annotations

import pytest

from tests import pg_engine


@pytest.fixture
def no_postgresql(monkeypatch):
    monkeypatch.setattr(pg_engine, "CHOSEN", "")
    monkeypatch.setattr(pg_engine, "OFF", False)
    monkeypatch.setattr(pg_engine.pg_cluster, "binaries", lambda: None)


def test_without_postgresql_the_second_half_is_skipped_with_how_to_install_it(no_postgresql, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    duckdb, postgresql = pg_engine.engines()
    assert duckdb == "duckdb"
    assert postgresql.values == ("postgresql",)
    assert "apt-get install postgresql" in postgresql.marks[0].kwargs["reason"]
    with pytest.raises(pytest.skip.Exception):
        with pg_engine.server():
            pass


def test_under_ci_a_missing_postgresql_fails_the_second_half(no_postgresql, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert pg_engine.engines() == ["duckdb", "postgresql"]  # not skipped: each of its tests fails
    with pytest.raises(pytest.fail.Exception, match="must run on PostgreSQL"):
        with pg_engine.server():
            pass


def test_a_chosen_server_is_used_as_it_is(monkeypatch):
    monkeypatch.setattr(pg_engine, "CHOSEN", "postgresql://someone@db.example:5432")
    monkeypatch.setattr(pg_engine, "OFF", False)
    monkeypatch.setattr(pg_engine.pg_cluster, "binaries", lambda: None)
    assert pg_engine.engines() == ["duckdb", "postgresql"]
    with pg_engine.server() as url:
        assert url == "postgresql://someone@db.example:5432"
