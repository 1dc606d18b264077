"""The keyring store (through an in-memory keyring backend) and the real encrypted vault."""

from __future__ import annotations

import base64
import json
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from pvesphere_desktop.core.errors import InvalidInputError, SecretsError
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.secrets import (
    PASSWORD_ENV,
    SERVICE,
    KeyringSecretStore,
    VaultSecretStore,
    open_secret_store,
    usable_keyring,
)

SECRET = "3f6c2d1e-aaaa-4bbb-8ccc-0123456789ab"
MASTER = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps entries in a dict (this machine has no Secret Service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError(username)
        del self.entries[service, username]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_env_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.delenv("PVESPHERE_SECRETS", raising=False)


def _vault(path: Path, password: str | None = MASTER) -> VaultSecretStore:
    return VaultSecretStore(path, (lambda creating: password), scrypt_n=2**14)


def test_headless_machine_has_no_usable_keyring_and_gets_the_vault(tmp_path: Path) -> None:
    # keyring's "fail" backend, which this machine has without a D-Bus session
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert usable_keyring() is None
        store = open_secret_store(tmp_path)
        assert isinstance(store, VaultSecretStore)
        assert store.path == tmp_path / "secrets.vault"
        with pytest.raises(SecretsError, match="no usable keyring"):
            open_secret_store(tmp_path, prefer="keyring")
    finally:
        keyring.set_keyring(previous)


def test_plaintext_keyrings_are_refused(memory_keyring: MemoryKeyring) -> None:
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    keyring.set_keyring(plaintext())
    assert usable_keyring() is None
    keyring.set_keyring(memory_keyring)
    assert usable_keyring() is memory_keyring


def test_keyring_store_round_trip(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = open_secret_store(tmp_path)
    assert isinstance(store, KeyringSecretStore)
    store.set("cluster:prod", SECRET)
    assert memory_keyring.entries == {(SERVICE, "cluster:prod"): SECRET}
    value = store.get("cluster:prod")
    assert value is not None
    assert value.reveal() == SECRET
    assert repr(value) == "Secret('***')"
    assert store.get("cluster:other") is None
    assert store.delete("cluster:prod")
    assert not store.delete("cluster:prod")
    assert not any(tmp_path.iterdir())  # nothing written to the data directory
    forced = open_secret_store(tmp_path, prefer="vault")
    assert isinstance(forced, VaultSecretStore)


def test_vault_encrypts_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    prompts: list[bool] = []

    def prompt(creating: bool) -> str:
        prompts.append(creating)
        return MASTER

    store = VaultSecretStore(path, prompt, scrypt_n=2**14)
    store.set("cluster:a", SECRET)
    store.set("cluster:b", "pässwörd with spaces")
    assert prompts == [True]  # asked once, as a new vault
    raw = path.read_bytes()
    for needle in (SECRET, "pässwörd", MASTER):
        assert needle.encode() not in raw
        assert base64.b64encode(needle.encode()) not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(raw)
    assert document["kdf"]["name"] == "scrypt"
    assert document["cipher"] == "aes-256-gcm"

    again = VaultSecretStore(path, prompt, scrypt_n=2**14)
    assert again.refs() == ["cluster:a", "cluster:b"]
    value = again.get("cluster:b")
    assert value is not None
    assert value.reveal() == "pässwörd with spaces"
    assert prompts == [True, False]
    assert again.delete("cluster:a")
    assert again.get("cluster:a") is None


def test_wrong_password_and_tampering_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    _vault(path).set("cluster:a", SECRET)
    with pytest.raises(SecretsError, match="wrong master password") as caught:
        _vault(path, "not the password").get("cluster:a")
    assert SECRET not in str(caught.value)
    assert "not the password" not in str(caught.value)

    document = json.loads(path.read_text())
    weakened = {**document, "kdf": {**document["kdf"], "n": 2**15}}
    path.write_text(json.dumps(weakened))
    with pytest.raises(SecretsError):
        _vault(path).get("cluster:a")
    flipped = bytearray(base64.b64decode(document["ciphertext"]))
    flipped[0] ^= 1
    path.write_text(json.dumps({**document, "ciphertext": base64.b64encode(flipped).decode()}))
    with pytest.raises(SecretsError):
        _vault(path).get("cluster:a")
    path.write_text("{not json")
    with pytest.raises(SecretsError, match="damaged"):
        _vault(path).get("cluster:a")


def test_vault_password_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secrets.vault"
    monkeypatch.setenv(PASSWORD_ENV, MASTER)
    VaultSecretStore(path, None, scrypt_n=2**14).set("cluster:a", SECRET)
    monkeypatch.delenv(PASSWORD_ENV)
    with pytest.raises(SecretsError, match=PASSWORD_ENV):
        VaultSecretStore(path, None).get("cluster:a")
    value = _vault(path).get("cluster:a")
    assert value is not None
    assert value.reveal() == SECRET


def test_short_master_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="master password"):
        _vault(tmp_path / "v", "short").set("cluster:a", SECRET)
    assert not (tmp_path / "v").exists()


def test_change_password_and_lock(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    store = _vault(path)
    store.set("cluster:a", SECRET)
    store.change_password(Secret("another long password"))
    store.lock()
    assert not store.unlocked
    with pytest.raises(SecretsError):
        store.get("cluster:a")
    value = _vault(path, "another long password").get("cluster:a")
    assert value is not None
    assert value.reveal() == SECRET


def test_default_kdf_cost(tmp_path: Path) -> None:
    store = VaultSecretStore(tmp_path / "v", lambda creating: MASTER)
    store.set("cluster:a", SECRET)
    assert json.loads((tmp_path / "v").read_text())["kdf"]["n"] == 2**15


def test_two_writers_keep_each_others_entries(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    first, second = _vault(path), _vault(path)
    first.set("cluster:seed", SECRET)
    errors: list[BaseException] = []

    def write(store: VaultSecretStore, prefix: str) -> None:
        try:
            for i in range(5):
                store.set(f"cluster:{prefix}{i}", f"value-{prefix}{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(first, "x")),
        threading.Thread(target=write, args=(second, "y")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    refs = _vault(path).refs()
    assert len(refs) == 11
    assert {"cluster:x4", "cluster:y4", "cluster:seed"} <= set(refs)
