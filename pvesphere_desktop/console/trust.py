"""TLS trust for upstream console connections: CA-verified or pinned, never unverified.

A pinned connection cannot use Python's certificate verification (the certificate is usually
self-signed), so the context skips it and :func:`verify_pins` checks the SHA-256 fingerprint of
the presented certificate right after the TLS handshake, before a single byte of the HTTP
upgrade (which carries the credentials) is written.
"""

from __future__ import annotations

import hashlib
import logging
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field

from pvesphere_desktop.core.config import ClusterConfig, TlsMode
from pvesphere_desktop.core.errors import FingerprintMismatchError, UntrustedCertificateError

log = logging.getLogger(__name__)


def normalize_fingerprint(text: str) -> str:
    """Return a SHA-256 fingerprint as lowercase hex without separators."""
    cleaned = text.strip().lower().replace(":", "").replace(" ", "")
    if cleaned.startswith("sha256/"):
        cleaned = cleaned[len("sha256/") :]
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise ValueError(f"not a SHA-256 fingerprint: {text!r}")
    return cleaned


def display_fingerprint(hex_digest: str) -> str:
    """Return ``AA:BB:...`` for a lowercase hex digest (the way PVE shows fingerprints)."""
    upper = hex_digest.upper()
    return ":".join(upper[i : i + 2] for i in range(0, len(upper), 2))


def certificate_fingerprint(der: bytes) -> str:
    """Return the SHA-256 fingerprint of a DER certificate as lowercase hex."""
    return hashlib.sha256(der).hexdigest()


def _client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def pinned_context() -> ssl.SSLContext:
    """Return a client context for pinned peers (the pin is checked by :func:`verify_pins`)."""
    context = _client_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def ca_context(ca_file: str | None) -> ssl.SSLContext:
    """Return a verifying client context: a custom CA bundle, else the system's CAs."""
    context = _client_context()
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    else:
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)
    return context


@dataclass(frozen=True)
class UpstreamTls:
    """How to trust one upstream endpoint: a context plus, when pinning, the allowed pins."""

    context: ssl.SSLContext
    pins: frozenset[str] = field(default_factory=frozenset)
    host: str = ""  # host:port, for messages

    @classmethod
    def pinned(cls, fingerprints: Iterable[str], host: str = "") -> UpstreamTls:
        """Trust exactly the given SHA-256 fingerprints (at least one)."""
        pins = frozenset(normalize_fingerprint(fp) for fp in fingerprints)
        if not pins:
            raise UntrustedCertificateError(host=host, fingerprint="?", subject="?")
        return cls(pinned_context(), pins, host)

    @classmethod
    def verified(cls, ca_file: str | None = None, host: str = "") -> UpstreamTls:
        """Trust what a CA bundle (or the system store) vouches for, with hostname checks."""
        return cls(ca_context(ca_file), frozenset(), host)

    @property
    def is_pinned(self) -> bool:
        return bool(self.pins)

    def verify_pins(self, ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> None:
        """Raise unless the peer of ``ssl_object`` presented a pinned certificate."""
        if not self.pins:
            if self.context.verify_mode != ssl.CERT_REQUIRED:
                # Defence in depth: a context without verification must come with pins.
                raise UntrustedCertificateError(host=self.host, fingerprint="?", subject="?")
            return
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der:
            raise UntrustedCertificateError(host=self.host, fingerprint="?", subject="?")
        actual = certificate_fingerprint(der)
        if actual not in self.pins:
            log.warning("Console upstream %s presented an unpinned certificate", self.host)
            raise FingerprintMismatchError(
                host=self.host,
                expected=", ".join(display_fingerprint(p) for p in sorted(self.pins)),
                actual=display_fingerprint(actual),
            )


def tls_for_endpoint(config: ClusterConfig, host: str, port: int) -> UpstreamTls:
    """Return the trust for ``host:port`` of a cluster connection, as its configuration says."""
    where = f"{host}:{port}"
    if config.tls is TlsMode.PINNED:
        pins = [fp for key, fp in config.fingerprints.items() if key == where]
        return UpstreamTls.pinned(pins, where)
    if config.tls is TlsMode.CA_FILE:
        return UpstreamTls.verified(config.ca_file, where)
    return UpstreamTls.verified(None, where)
