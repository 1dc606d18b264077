"""Credentials: the OS keyring and the encrypted vault fallback. Imports core only.

Use :func:`open_secret_store`; keys are ``ClusterConfig.secret_ref``.
"""

from pvesphere_desktop.secrets.keyring_store import SERVICE, KeyringSecretStore, usable_keyring
from pvesphere_desktop.secrets.store import BACKEND_ENV, SecretStore, open_secret_store
from pvesphere_desktop.secrets.vault import PASSWORD_ENV, VAULT_FILENAME, VaultSecretStore

__all__ = [
    "BACKEND_ENV",
    "PASSWORD_ENV",
    "SERVICE",
    "VAULT_FILENAME",
    "KeyringSecretStore",
    "SecretStore",
    "VaultSecretStore",
    "open_secret_store",
    "usable_keyring",
]
