"""TLS trust for upstream console connections: the cluster's own policy, never unverified.

The contexts come from :mod:`pve.tls`, so a console trusts exactly what the cluster's API
session trusts (system CAs without the ``SSL_CERT_*`` variables, a CA file, or pins). A pinned
connection cannot use Python's certificate verification (the certificate is usually
self-signed), so its context skips it and :meth:`UpstreamTls.verify_pins` checks the SHA-256
fingerprint of the presented certificate right after the TLS handshake, before a single byte
of the HTTP upgrade (which carries the credentials) is written.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field

from pvesphere_desktop.core.config import TlsMode
from pvesphere_desktop.core.errors import FingerprintMismatchError, UntrustedCertificateError
from pvesphere_desktop.pve.tls import (
    TrustPolicy,
    ca_file_context,
    fingerprint_of,
    normalize_fingerprint,
    pinned_context,
    system_trust_context,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UpstreamTls:
    """How to trust one upstream endpoint: a context plus, when pinning, the allowed pins."""

    context: ssl.SSLContext
    pins: frozenset[str] = field(default_factory=frozenset)  # AA:BB:... (PVE's style)
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
        """Trust what a CA file (or the system store) vouches for, with hostname checks."""
        context = ca_file_context(ca_file) if ca_file else system_trust_context()
        return cls(context, frozenset(), host)

    @classmethod
    def from_policy(cls, policy: TrustPolicy, host_port: str) -> UpstreamTls:
        """Return the trust a cluster's policy gives the endpoint ``host_port``."""
        if policy.mode is TlsMode.PINNED:
            pin = policy.pin_for(host_port)
            return cls.pinned([pin] if pin else [], host_port)
        if policy.mode is TlsMode.CA_FILE:
            return cls.verified(policy.ca_file, host_port)
        return cls.verified(None, host_port)

    @property
    def is_pinned(self) -> bool:
        return bool(self.pins)

    def verify_pins(self, ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> None:
        """Raise unless the peer of ``ssl_object`` presented a pinned certificate."""
        if not self.pins:
            if self.context.verify_mode != ssl.CERT_REQUIRED or not self.context.check_hostname:
                # Defence in depth: a context without verification must come with pins.
                raise UntrustedCertificateError(host=self.host, fingerprint="?", subject="?")
            return
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if not der:
            raise UntrustedCertificateError(host=self.host, fingerprint="?", subject="?")
        actual = fingerprint_of(der)
        if actual not in self.pins:
            log.warning("Console upstream %s presented an unpinned certificate", self.host)
            raise FingerprintMismatchError(
                host=self.host, expected=", ".join(sorted(self.pins)), actual=actual
            )
