"""An encrypted vault file for machines without a usable OS keyring.

The file holds every secret in one AES-256-GCM ciphertext whose key comes from a master
password through scrypt (N=2^15, r=8, p=1: about 32 MiB and a tenth of a second here). The
header (format, KDF parameters, salt, cipher) is authenticated as associated data, so changing
any of it makes decryption fail instead of weakening it. Writes are atomic (temporary file +
rename), owner-only, and serialised across processes with a lock file where the OS has one.

The master password comes from ``PVESPHERE_VAULT_PASSWORD`` or from a prompt the caller
supplies (CLI: the terminal; GUI: a dialog). There is no plain-text or base64 fallback.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets as pysecrets
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from pvesphere_desktop.core.errors import InvalidInputError, SecretsError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.secret import Secret

try:  # POSIX advisory locks; Windows relies on the in-process lock and atomic renames
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_CTX = "Secrets"
PASSWORD_ENV = "PVESPHERE_VAULT_PASSWORD"
VAULT_FILENAME = "secrets.vault"
FORMAT = "pvesphere-vault"
VERSION = 1
DEFAULT_SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_SCRYPT_N = 2**14

# The prompt gets True when a new vault is being created (it should ask twice).
PasswordPrompt = Callable[[bool], "str | Secret | None"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


class VaultSecretStore:
    """Secrets in an encrypted file (see the module docstring)."""

    kind = "vault"

    def __init__(
        self,
        path: Path,
        prompt: PasswordPrompt | None = None,
        *,
        scrypt_n: int = DEFAULT_SCRYPT_N,
    ) -> None:
        if scrypt_n < MIN_SCRYPT_N or scrypt_n & (scrypt_n - 1):
            raise ValueError("scrypt N must be a power of two >= 2**14")
        self.path = Path(path)
        self._prompt = prompt
        self._scrypt_n = scrypt_n
        self._lock = threading.RLock()
        self._key: bytes | None = None
        self._header: dict[str, Any] | None = None

    def describe(self) -> str:
        return f"encrypted vault ({self.path})"

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    def lock(self) -> None:
        """Forget the derived key; the next access asks for the master password again."""
        with self._lock:
            self._key = None
            self._header = None

    # ------------------------------------------------------------------ public API
    def get(self, ref: str) -> Secret | None:
        with self._lock:
            if not self.exists:
                return None
            value = self._read().get(ref)
            return Secret(value) if isinstance(value, str) else None

    def set(self, ref: str, value: str | Secret) -> None:
        with self._lock, self._file_lock():
            entries = self._read() if self.exists else {}
            entries[ref] = Secret(value).reveal()
            self._write(entries)
        log.info("stored the secret %s in the %s", ref, self.describe())

    def delete(self, ref: str) -> bool:
        with self._lock, self._file_lock():
            if not self.exists:
                return False
            entries = self._read()
            if ref not in entries:
                return False
            del entries[ref]
            self._write(entries)
        log.info("deleted the secret %s from the vault", ref)
        return True

    def refs(self) -> list[str]:
        """The names of the stored entries (not their values)."""
        with self._lock:
            return sorted(self._read()) if self.exists else []

    def change_password(self, new_password: str | Secret) -> None:
        """Re-encrypt every entry under a new master password (and a new salt)."""
        with self._lock, self._file_lock():
            entries = self._read() if self.exists else {}
            self._new_key(Secret(new_password))
            self._write(entries)
        log.info("vault master password changed")

    # ------------------------------------------------------------------ crypto
    def _password(self, creating: bool) -> Secret:
        from_env = os.environ.get(PASSWORD_ENV)
        if from_env:
            return Secret(from_env)
        if self._prompt is not None:
            given = self._prompt(creating)
            if given:
                return Secret(given)
        raise SecretsError(
            QT_TRANSLATE_NOOP(
                _CTX,
                "the vault is locked: enter its master password or set {env}",
            ).format(env=PASSWORD_ENV)
        )

    def _derive(self, password: Secret, header: dict[str, Any]) -> bytes:
        kdf = header["kdf"]
        scrypt = Scrypt(
            salt=_unb64(kdf["salt"]), length=32, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])
        )
        return scrypt.derive(password.reveal().encode("utf-8"))

    def _new_key(self, password: Secret) -> None:
        if len(password.reveal()) < 8:
            raise InvalidInputError(
                QT_TRANSLATE_NOOP(_CTX, "use at least 8 characters"),
                what=QT_TRANSLATE_NOOP(_CTX, "master password"),
            )
        header = {
            "format": FORMAT,
            "version": VERSION,
            "kdf": {
                "name": "scrypt",
                "n": self._scrypt_n,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": _b64(pysecrets.token_bytes(16)),
            },
            "cipher": "aes-256-gcm",
        }
        self._key = self._derive(password, header)
        self._header = header

    @staticmethod
    def _aad(header: dict[str, Any]) -> bytes:
        return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def _load_file(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SecretsError(
                QT_TRANSLATE_NOOP(_CTX, "cannot read {path}: {reason}").format(
                    path=self.path, reason=exc.strerror or type(exc).__name__
                )
            ) from None
        except ValueError:
            raise self._damaged() from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise self._damaged()
        if data.get("version") != VERSION or data.get("cipher") != "aes-256-gcm":
            raise SecretsError(QT_TRANSLATE_NOOP(_CTX, "the vault was written by a newer version"))
        kdf = data.get("kdf")
        if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
            raise self._damaged()
        return data

    def _damaged(self) -> SecretsError:
        return SecretsError(
            QT_TRANSLATE_NOOP(_CTX, "the vault file {path} is damaged").format(path=self.path)
        )

    def _read(self) -> dict[str, str]:
        data = self._load_file()
        header = {k: data[k] for k in ("format", "version", "kdf", "cipher")}
        key = self._key if self._header == header else None
        if key is None:
            try:
                key = self._derive(self._password(creating=False), header)
            except (KeyError, TypeError, ValueError):
                raise self._damaged() from None
        try:
            plain = AESGCM(key).decrypt(
                _unb64(data.get("nonce")), _unb64(data.get("ciphertext")), self._aad(header)
            )
        except InvalidTag:
            self.lock()
            raise SecretsError(
                QT_TRANSLATE_NOOP(_CTX, "wrong master password, or the vault was altered")
            ) from None
        except ValueError:
            raise self._damaged() from None
        self._key, self._header = key, header
        entries = json.loads(plain.decode("utf-8")).get("entries", {})
        return {str(k): str(v) for k, v in entries.items()}

    def _write(self, entries: dict[str, str]) -> None:
        if self._key is None or self._header is None:
            self._new_key(self._password(creating=True))
        assert self._key is not None
        assert self._header is not None
        nonce = pysecrets.token_bytes(12)
        plain = json.dumps({"entries": entries}, sort_keys=True).encode("utf-8")
        ciphertext = AESGCM(self._key).encrypt(nonce, plain, self._aad(self._header))
        document = {**self._header, "nonce": _b64(nonce), "ciphertext": _b64(ciphertext)}
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".vault-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                os.chmod(tmp, 0o600)
                json.dump(document, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a", encoding="utf-8") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield  # callers re-read the file under the lock: another process may write
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
