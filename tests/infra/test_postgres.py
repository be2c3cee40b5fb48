"""The private PostgreSQL test cluster (tests/support/postgres.py) really works."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from support import postgres


def test_database_is_fresh_and_writable(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar_one() == 0
            conn.execute(sa.text("CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)"))
            conn.execute(sa.text("INSERT INTO note (body) VALUES ('网格员走访')"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT body FROM note")).scalar_one() == "网格员走访"
            assert conn.execute(sa.text("SHOW server_encoding")).scalar_one() == "UTF8"
            assert conn.execute(sa.text("SHOW fsync")).scalar_one() == "off"
            assert conn.execute(sa.text("SHOW max_connections")).scalar_one() == "300"
    finally:
        engine.dispose()


def test_each_test_gets_its_own_database(postgres_url: str) -> None:
    # The table of the previous test must not be here.
    engine = sa.create_engine(postgres_url)
    try:
        assert not sa.inspect(engine).has_table("note")
    finally:
        engine.dispose()


def test_concurrent_connections(postgres_url: str) -> None:
    """40 connections open at the same time, each writing in its own transaction."""
    workers = 40
    engine = sa.create_engine(postgres_url, pool_size=workers, max_overflow=0)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE hit (worker int PRIMARY KEY, backend int)"))
    all_open = threading.Barrier(workers, timeout=30)
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            with engine.begin() as conn:
                pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
                all_open.wait()
                conn.execute(
                    sa.text("INSERT INTO hit VALUES (:w, :p)"), {"w": number, "p": pid}
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT count(*), count(DISTINCT backend) FROM hit")).one()
        assert tuple(rows) == (workers, workers)
    finally:
        engine.dispose()


def test_drop_survives_connections_left_open(postgres_server: postgres.PostgresServer) -> None:
    name = postgres_server.create_database("left open")
    engine = sa.create_engine(postgres_server.url(name))
    conn = engine.connect()
    conn.execute(sa.text("SELECT 1"))
    postgres_server.drop_database(name)  # WITH (FORCE): does not wait for our connection
    with postgres_server.connect() as admin:
        assert admin.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s", (name,)
        ).fetchone() == (0,)
    with pytest.raises(sa.exc.DBAPIError):
        conn.execute(sa.text("SELECT 1"))
    conn.invalidate()
    engine.dispose()


def test_missing_binaries_skip_locally(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.skip.Exception, match="postgresql"):
        postgres.require_pg_bindir((str(tmp_path / "nothing" / "*"),))


def test_missing_binaries_fail_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match="CI=true: PostgreSQL tests must not be"):
        postgres.require_pg_bindir((str(tmp_path / "nothing" / "*"),))


def test_finds_newest_version(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for version in ("9.6", "15", "13"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        for tool in ("initdb", "pg_ctl"):
            (bindir / tool).write_text("#!/bin/sh\n")
            (bindir / tool).chmod(0o755)
    assert postgres.find_pg_bindir((str(tmp_path / "*" / "bin"),)) == tmp_path / "15" / "bin"
