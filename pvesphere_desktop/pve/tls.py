"""TLS trust for PVE connections, decided by us and nobody else.

Three modes (``core.config.TlsMode``): the system CAs, a custom CA file, or SHA-256 certificate
fingerprints pinned per ``host:port``. Trust is built into a requests transport adapter that
ignores the ``verify`` argument entirely, and sessions are created with ``trust_env = False``,
so ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE`` and ``SSL_CERT_FILE``/``SSL_CERT_DIR`` cannot
replace or extend the trust a user chose.

Pinning is checked by urllib3 right after the handshake and before any byte of the request is
sent. Trust on first use is a separate step: :func:`probe_certificate` only performs a handshake
and reports the presented certificate; nothing else is sent.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.x509.oid import ExtensionOID, NameOID
from requests import PreparedRequest
from requests.adapters import HTTPAdapter

from pvesphere_desktop.core.config import TlsMode
from pvesphere_desktop.core.errors import InvalidInputError, TlsError, UnreachableError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

_CTX = "Tls"
_HEX = frozenset("0123456789abcdef")


# ------------------------------------------------------------------------------ fingerprints
def normalize_fingerprint(text: str) -> str:
    """Return a SHA-256 fingerprint as ``AA:BB:...`` (PVE's style); raise InvalidInputError.

    Accepts colon-separated or plain hex, any case, with an optional ``sha256`` prefix.
    """
    cleaned = text.strip().lower()
    for prefix in ("sha256:", "sha256 ", "sha256="):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :].strip()
    cleaned = cleaned.replace(":", "").replace(" ", "")
    if len(cleaned) != 64 or not set(cleaned) <= _HEX:
        raise InvalidInputError(
            QT_TRANSLATE_NOOP(_CTX, "expected 32 hex bytes such as AA:BB:…"),
            what=QT_TRANSLATE_NOOP(_CTX, "SHA-256 fingerprint"),
        )
    upper = cleaned.upper()
    return ":".join(upper[i : i + 2] for i in range(0, 64, 2))


def fingerprint_of(der: bytes) -> str:
    """Return the SHA-256 fingerprint of a DER certificate as ``AA:BB:...``."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, 64, 2))


def host_port(url: str) -> str:
    """Return ``host:port`` of an https URL (port 8006 when absent), the pin key."""
    parts = urlsplit(url if "//" in url else f"https://{url}")
    host = parts.hostname or ""
    port = parts.port or 8006
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def split_host_port(key: str) -> tuple[str, int]:
    """Return (host, port) of a ``host:port`` / ``[v6]:port`` key."""
    host, _, port = key.rpartition(":")
    return host.strip("[]"), int(port)


# ------------------------------------------------------------------------------ probe
@dataclass(frozen=True, slots=True)
class CertificateInfo:
    """What an endpoint presented during a handshake (no credentials were sent)."""

    host_port: str
    fingerprint: str
    subject: str
    issuer: str
    not_before: datetime | None = None
    not_after: datetime | None = None
    names: tuple[str, ...] = ()  # subject alternative names

    @property
    def self_signed(self) -> bool:
        return self.subject == self.issuer


def _describe_name(name: x509.Name) -> str:
    try:
        return name.rfc4514_string()
    except ValueError:  # pragma: no cover - exotic attribute types
        cn = name.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(cn[0].value) if cn else ""


def certificate_info(host_port_key: str, der: bytes) -> CertificateInfo:
    """Describe a DER certificate presented by ``host_port_key``."""
    fingerprint = fingerprint_of(der)
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return CertificateInfo(host_port_key, fingerprint, subject="", issuer="")
    names: list[str] = []
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        assert isinstance(san, x509.SubjectAlternativeName)
        names.extend(str(v) for v in san.get_values_for_type(x509.DNSName))
        names.extend(str(v) for v in san.get_values_for_type(x509.IPAddress))
    except x509.ExtensionNotFound:
        pass
    return CertificateInfo(
        host_port=host_port_key,
        fingerprint=fingerprint,
        subject=_describe_name(cert.subject),
        issuer=_describe_name(cert.issuer),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        names=tuple(names),
    )


def probe_certificate(url: str, timeout: float = 10.0) -> CertificateInfo:
    """Handshake with the endpoint of ``url`` and report its certificate; send nothing else.

    This is the first step of trust on first use: the caller shows the fingerprint and subject
    and pins them only once the user accepts.
    """
    key = host_port(url)
    host, port = split_host_port(key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # we only read the certificate, we trust nothing here
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host or None) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
    except ssl.SSLError as exc:
        raise TlsError(exc.reason or type(exc).__name__, host=key) from None
    except TimeoutError:
        raise UnreachableError(QT_TRANSLATE_NOOP(_CTX, "timed out"), host=key) from None
    except OSError as exc:
        raise UnreachableError(describe_os_error(exc), host=key) from None
    if not der:
        raise TlsError(QT_TRANSLATE_NOOP(_CTX, "no certificate presented"), host=key)
    return certificate_info(key, der)


def describe_os_error(exc: BaseException) -> str:
    """A short, secret-free description of a socket-level failure."""
    if isinstance(exc, ConnectionRefusedError):
        return QT_TRANSLATE_NOOP(_CTX, "connection refused")
    if isinstance(exc, ConnectionResetError):
        return QT_TRANSLATE_NOOP(_CTX, "connection reset")
    if isinstance(exc, TimeoutError | socket.timeout):
        return QT_TRANSLATE_NOOP(_CTX, "timed out")
    if isinstance(exc, socket.gaierror):
        return QT_TRANSLATE_NOOP(_CTX, "name resolution failed")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


# ------------------------------------------------------------------------------ contexts
def _new_client_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def system_trust_context() -> ssl.SSLContext:
    """A verifying context with the operating system's CAs, immune to SSL_CERT_* variables.

    ``load_default_certs`` would honour ``SSL_CERT_FILE``/``SSL_CERT_DIR``; we load the
    compiled-in OpenSSL locations (Linux, BSD) or the Windows store ourselves, and fall back to
    certifi's bundle where the OS has none for OpenSSL (python.org builds on macOS).
    """
    context = _new_client_context()
    loaded = False
    if sys.platform == "win32":  # pragma: no cover - not this machine
        for store in ("CA", "ROOT"):
            for cert, encoding, trust in ssl.enum_certificates(store):  # type: ignore[attr-defined]
                if encoding == "x509_asn" and (
                    trust is True or ssl.Purpose.SERVER_AUTH.oid in trust
                ):
                    try:
                        context.load_verify_locations(cadata=cert)
                        loaded = True
                    except ssl.SSLError:
                        continue
    else:
        paths = ssl.get_default_verify_paths()
        cafile = paths.openssl_cafile
        capath = paths.openssl_capath
        if cafile and os.path.isfile(cafile):
            context.load_verify_locations(cafile=cafile)
            loaded = True
        if capath and os.path.isdir(capath):
            context.load_verify_locations(capath=capath)
            loaded = True
    if not loaded:  # pragma: no cover - depends on the platform
        import certifi

        context.load_verify_locations(cafile=certifi.where())
    return context


def ca_file_context(path: str) -> ssl.SSLContext:
    """A verifying context that trusts exactly the CAs in ``path`` (PEM)."""
    context = _new_client_context()
    try:
        context.load_verify_locations(cafile=path)
    except (OSError, ssl.SSLError) as exc:
        raise InvalidInputError(
            QT_TRANSLATE_NOOP(_CTX, "cannot read {path}: {reason}").format(
                path=path, reason=getattr(exc, "strerror", None) or type(exc).__name__
            ),
            what=QT_TRANSLATE_NOOP(_CTX, "CA file"),
        ) from None
    return context


def pinned_context() -> ssl.SSLContext:
    """A context for pinned endpoints: the chain is not used, the fingerprint decides."""
    context = _new_client_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


# ------------------------------------------------------------------------------ adapter
class MissingPinError(ssl.SSLError):
    """Pinned mode, but no fingerprint is pinned for this endpoint: refuse to connect."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no pinned fingerprint for {key}")
        self.key = key


@dataclass(frozen=True, slots=True)
class TrustPolicy:
    """How one cluster's endpoints are trusted."""

    mode: TlsMode
    ca_file: str | None = None
    pins: Mapping[str, str] | None = None  # host:port -> AA:BB:...

    def pin_for(self, key: str) -> str | None:
        return (self.pins or {}).get(key)


class TrustAdapter(HTTPAdapter):
    """A requests adapter whose TLS trust comes only from its :class:`TrustPolicy`.

    It ignores the per-request ``verify`` value (and with it every environment variable
    requests would turn into one) and never lets requests add its own CA bundle.
    """

    def __init__(self, policy: TrustPolicy, **kwargs: Any) -> None:
        self._policy = policy
        if policy.mode is TlsMode.PINNED:
            self._context = pinned_context()
        elif policy.mode is TlsMode.CA_FILE:
            if not policy.ca_file:
                raise InvalidInputError(
                    QT_TRANSLATE_NOOP(_CTX, "no CA file given"),
                    what=QT_TRANSLATE_NOOP(_CTX, "CA file"),
                )
            self._context = ca_file_context(policy.ca_file)
        else:
            self._context = system_trust_context()
        super().__init__(**kwargs)

    @property
    def policy(self) -> TrustPolicy:
        return self._policy

    def build_connection_pool_key_attributes(
        self, request: PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[Any, Any]:
        """Return pool parameters from our policy; ``verify`` is deliberately ignored."""
        del verify
        parts = urlsplit(request.url or "")
        if parts.scheme != "https":
            raise MissingPinError(f"{parts.scheme}://{parts.netloc} (only https is allowed)")
        host = parts.hostname or ""
        port = parts.port or 443
        key = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        pool_kwargs: dict[str, Any] = {"ssl_context": self._context}
        if self._policy.mode is TlsMode.PINNED:
            pin = self._policy.pin_for(key)
            if not pin:
                raise MissingPinError(key)
            pool_kwargs.update(cert_reqs="CERT_NONE", assert_fingerprint=pin, assert_hostname=False)
        else:
            pool_kwargs["cert_reqs"] = "CERT_REQUIRED"
        if cert is not None:  # client certificates are not used; keep requests' behaviour
            pool_kwargs["cert_file"] = cert if isinstance(cert, str) else cert[0]
        return {"scheme": "https", "host": host, "port": port}, pool_kwargs

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """Do nothing: requests would otherwise add its CA bundle to our context."""
        del conn, url, verify, cert
