"""Refresh tokens in the keyring (or memory when there is none); never a password."""

from __future__ import annotations

import threading

import keyring
import pytest
from keyring.backends import chainer, fail
from support.fake_keyring import BrokenKeyring, FileKeyring

from gridworker.sync.credentials import (
    KeyringStore,
    MemoryStore,
    TokenKeeper,
    open_store,
    usable_backend,
)
from gridworker.sync.errors import AuthFailed

SERVER = "https://grid.example.cn"


@pytest.fixture
def restore_keyring():
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_no_backend_falls_back_to_memory_with_an_explanation(restore_keyring):
    keyring.set_keyring(fail.Keyring())
    store = open_store()
    assert isinstance(store, MemoryStore) and store.persistent is False
    assert "重新登录" in store.explanation


def test_an_empty_chainer_is_not_a_keyring():
    class Empty(chainer.ChainerBackend):
        backends = ()  # nothing to chain on this machine

    assert not usable_backend(Empty())
    assert not usable_backend(fail.Keyring())
    assert usable_backend(FileKeyring("/nonexistent/x.json"))


def test_file_keyring_stores_per_server_and_account(tmp_path, restore_keyring, monkeypatch):
    monkeypatch.setenv("GRIDWORKER_TEST_KEYRING_FILE", str(tmp_path / "keys.json"))
    keyring.set_keyring(FileKeyring())
    store = open_store()
    assert isinstance(store, KeyringStore) and store.persistent
    store.set(SERVER, "worker1", "r-1")
    store.set(SERVER, "worker2", "r-2")
    store.set("https://other.example.cn", "worker1", "r-3")
    assert open_store().get(SERVER, "worker1") == "r-1"  # another store, same file
    store.delete(SERVER, "worker1")
    assert store.get(SERVER, "worker1") is None and store.get(SERVER, "worker2") == "r-2"
    store.delete(SERVER, "worker1")  # absent: no error


def test_a_backend_failing_on_write_falls_back_to_memory(restore_keyring):
    keyring.set_keyring(BrokenKeyring())
    store = open_store()
    assert store.persistent
    store.set(SERVER, "worker1", "r-1")
    assert store.persistent is False and "重新登录" in store.explanation
    assert store.get(SERVER, "worker1") == "r-1"


class FakeClient:
    def __init__(self):
        self.refreshed: list[str] = []
        self.n = 0

    def _answer(self):
        self.n += 1
        return {"access_token": f"a-{self.n}", "refresh_token": f"r-{self.n}",
                "access_expires_in": 900, "user": {"username": "worker1", "role": "worker"}}

    def login(self, username, password, device=""):
        assert password == "secret"
        return self._answer()

    def refresh(self, token):
        if token != f"r-{self.n}":
            raise AuthFailed.from_code("refresh_invalid")
        self.refreshed.append(token)
        return self._answer()

    def logout(self, token):
        self.logged_out = token


def test_token_keeper_rotates_and_never_shows_tokens():
    store = MemoryStore()
    keeper = TokenKeeper(store, SERVER, "worker1")
    client = FakeClient()
    keeper.login(client, "secret")
    assert store.get(SERVER, "worker1") == "r-1"
    assert keeper.access_token(client) == "a-1"  # still fresh: no refresh
    assert keeper.refresh(client) == "a-2"
    assert store.get(SERVER, "worker1") == "r-2" and client.refreshed == ["r-1"]
    for text in (repr(keeper), repr(store), str(vars(keeper).keys())):
        assert "r-2" not in text and "a-2" not in text
    assert "secret" not in str(vars(keeper)) and "secret" not in str(vars(store))


def test_two_threads_finding_the_token_stale_never_spend_the_same_refresh_token():
    # A sync and a photo download run in different threads. The second asks for a token while
    # the first one's refresh is on the wire; it must wait for the new refresh token, not send
    # the one being spent (the centre would answer refresh_invalid and end the session).
    store = MemoryStore()
    keeper = TokenKeeper(store, SERVER, "worker1")
    client = FakeClient()
    keeper.login(client, "secret")
    keeper._access = None  # stale
    got: dict[str, object] = {}

    def second() -> None:
        try:
            got["second"] = keeper.access_token(client)
        except AuthFailed as exc:
            got["second"] = exc

    other = threading.Thread(target=second)

    class FirstOnTheWire:
        def refresh(self, token):
            other.start()
            other.join(0.3)  # unless it waits, it spends the same token meanwhile
            return client.refresh(token)

    got["first"] = keeper.access_token(FirstOnTheWire())
    other.join(10)
    assert got == {"first": "a-2", "second": "a-2"}
    assert client.refreshed == ["r-1"]  # one refresh; the second caller took its token
    assert keeper.signed_in and store.get(SERVER, "worker1") == "r-2"


def test_a_spent_refresh_token_ends_the_session():
    store = MemoryStore()
    keeper = TokenKeeper(store, SERVER, "worker1")
    client = FakeClient()
    keeper.login(client, "secret")
    store.set(SERVER, "worker1", "stolen-and-spent")
    keeper._access = None
    with pytest.raises(AuthFailed) as caught:
        keeper.access_token(client)
    assert caught.value.code == "refresh_invalid" and not keeper.signed_in


def test_a_new_process_without_a_stored_token_must_sign_in():
    keeper = TokenKeeper(MemoryStore(), SERVER, "worker1")
    with pytest.raises(AuthFailed) as caught:
        keeper.access_token(FakeClient())
    assert caught.value.code == "not_signed_in" and "login" in caught.value.message


def test_logout_forgets_even_when_offline():
    store = MemoryStore()
    keeper = TokenKeeper(store, SERVER, "worker1")
    client = FakeClient()
    keeper.login(client, "secret")
    keeper.logout(None)
    assert store.get(SERVER, "worker1") is None and not keeper.signed_in
