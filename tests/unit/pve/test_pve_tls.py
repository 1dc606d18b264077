"""TLS trust: pinning, CA files, system CAs, trust on first use, and immunity to the environment.

Runs our real session against a real HTTPS server on loopback (pve_tls_helpers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pve_tls_helpers import Cert, TlsServer, make_cert, tls_server

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.errors import (
    FingerprintMismatchError,
    InvalidInputError,
    UnreachableError,
    UntrustedCertificateError,
)
from pvesphere_desktop.pve.session import PveSession
from pvesphere_desktop.pve.tls import (
    fingerprint_of,
    host_port,
    normalize_fingerprint,
    probe_certificate,
)

TOKEN_SECRET = "5a1c9a0e-7c55-4c4e-9d55-1f0d6b3f2a10"
ENV_VARS = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


@pytest.fixture
def server_cert() -> Cert:
    return make_cert("pve1.test")


@pytest.fixture
def server(server_cert: Cert, tmp_path: Path) -> Iterator[TlsServer]:
    with tls_server(server_cert, tmp_path) as state:
        yield state


def _config(url: str, **changes: object) -> ClusterConfig:
    base = ClusterConfig(
        name="c1", url=url, auth=AuthMethod.TOKEN, user="root@pam", token_id="api", timeout_s=5
    )
    return base.with_changes(**changes)


def _pinned(server: TlsServer, fingerprint: str) -> ClusterConfig:
    return _config(
        server.url, tls=TlsMode.PINNED, fingerprints={host_port(server.url): fingerprint}
    )


def test_normalize_fingerprint_accepts_common_spellings() -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    expected = ":".join(digest[i : i + 2] for i in range(0, 64, 2)).upper()
    assert normalize_fingerprint(digest) == expected
    assert normalize_fingerprint(expected.lower()) == expected
    assert normalize_fingerprint(f"SHA256:{digest.upper()}") == expected
    for bad in ("", "AA:BB", digest[:-1] + "g", digest + "00"):
        with pytest.raises(InvalidInputError):
            normalize_fingerprint(bad)


def test_probe_reports_certificate_without_sending_a_request(
    server: TlsServer, server_cert: Cert
) -> None:
    info = probe_certificate(server.url, timeout=5)
    assert info.fingerprint == fingerprint_of(server_cert.der)
    assert info.fingerprint == normalize_fingerprint(hashlib.sha256(server_cert.der).hexdigest())
    assert info.subject == "CN=pve1.test"
    assert info.self_signed
    assert "127.0.0.1" in info.names
    assert info.host_port == host_port(server.url)
    assert server.requests == []


def test_probe_of_closed_port_is_unreachable() -> None:
    with pytest.raises(UnreachableError) as caught:
        probe_certificate("https://127.0.0.1:9", timeout=2)
    assert "connection refused" in str(caught.value)


def test_pinned_fingerprint_connects_and_sends_token(server: TlsServer, server_cert: Cert) -> None:
    with PveSession(_pinned(server, fingerprint_of(server_cert.der)), TOKEN_SECRET) as session:
        assert session.version().version == "8.4.1"
    assert len(server.requests) == 1
    seen = server.requests[0]
    assert seen.path == "/api2/json/version"
    assert seen.headers["Authorization"] == f"PVEAPIToken=root@pam!api={TOKEN_SECRET}"


def test_changed_fingerprint_is_refused_before_anything_is_sent(
    server: TlsServer, server_cert: Cert
) -> None:
    old = fingerprint_of(make_cert("old").der)
    with (
        PveSession(_pinned(server, old), TOKEN_SECRET) as session,
        pytest.raises(FingerprintMismatchError) as caught,
    ):
        session.version()
    error = caught.value
    assert error.args_map["expected"] == old
    assert error.args_map["actual"] == fingerprint_of(server_cert.der)
    text = str(error)
    assert old in text
    assert fingerprint_of(server_cert.der) in text
    assert TOKEN_SECRET not in text
    assert server.requests == []


def test_no_pin_means_untrusted_with_the_presented_certificate(
    server: TlsServer, server_cert: Cert
) -> None:
    with (
        PveSession(_config(server.url, tls=TlsMode.PINNED), TOKEN_SECRET) as session,
        pytest.raises(UntrustedCertificateError) as caught,
    ):
        session.version()
    assert caught.value.args_map["fingerprint"] == fingerprint_of(server_cert.der)
    assert caught.value.args_map["subject"] == "CN=pve1.test"
    assert server.requests == []


def test_repin_is_explicit_and_then_connects(server: TlsServer, server_cert: Cert) -> None:
    changes: list[ClusterConfig] = []
    config = _pinned(server, fingerprint_of(make_cert("old").der))
    with PveSession(config, TOKEN_SECRET, on_config_change=changes.append) as session:
        with pytest.raises(FingerprintMismatchError):
            session.version()
        new = session.pin(fingerprint_of(server_cert.der).lower().replace(":", ""))
        assert new.fingerprints[host_port(server.url)] == fingerprint_of(server_cert.der)
        assert session.version().release == "8.4"
    assert changes
    assert changes[-1] == new


def test_ca_file_mode(server_cert: Cert, tmp_path: Path) -> None:
    ca = make_cert("Test Root CA", ips=(), is_ca=True)
    leaf = make_cert("pve1.test", issuer=ca)
    other_ca = make_cert("Other CA", ips=(), is_ca=True)
    ca_file, _ = ca.write(tmp_path, "ca")
    other_file, _ = other_ca.write(tmp_path, "other")
    with tls_server(leaf, tmp_path) as server:
        config = _config(server.url, tls=TlsMode.CA_FILE, ca_file=str(ca_file))
        with PveSession(config, TOKEN_SECRET) as session:
            assert session.version().version == "8.4.1"
        config = _config(server.url, tls=TlsMode.CA_FILE, ca_file=str(other_file))
        with (
            PveSession(config, TOKEN_SECRET) as session,
            pytest.raises(UntrustedCertificateError) as caught,
        ):
            session.version()
        assert caught.value.args_map["fingerprint"] == fingerprint_of(leaf.der)
        assert len(server.requests) == 1


def test_system_mode_rejects_self_signed(server: TlsServer, server_cert: Cert) -> None:
    with (
        PveSession(_config(server.url, tls=TlsMode.SYSTEM), TOKEN_SECRET) as session,
        pytest.raises(UntrustedCertificateError) as caught,
    ):
        session.version()
    assert caught.value.args_map["fingerprint"] == fingerprint_of(server_cert.der)
    assert server.requests == []


def test_environment_variables_change_no_trust_decision(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and SSL_CERT_FILE/DIR trusting the server's CA must not
    make a session accept it, and pointing them at nothing must not break a pinned session."""
    ca = make_cert("Env CA", ips=(), is_ca=True)
    leaf = make_cert("pve1.test", issuer=ca)
    unrelated = make_cert("Unrelated CA", ips=(), is_ca=True)
    ca_file, _ = ca.write(tmp_path, "env-ca")
    unrelated_file, _ = unrelated.write(tmp_path, "unrelated")
    certs_dir = tmp_path / "certs"
    certs_dir.mkdir()
    (certs_dir / "env-ca.pem").write_bytes(ca.cert_pem)
    with tls_server(leaf, tmp_path) as server:
        # Sanity: without our session's rules this CA would be accepted.
        config = _config(server.url, tls=TlsMode.CA_FILE, ca_file=str(ca_file))
        with PveSession(config, TOKEN_SECRET) as session:
            assert session.version().version == "8.4.1"

        for name in ENV_VARS[:3]:
            monkeypatch.setenv(name, str(ca_file))
        monkeypatch.setenv("SSL_CERT_DIR", str(certs_dir))

        with (
            PveSession(_config(server.url, tls=TlsMode.SYSTEM), TOKEN_SECRET) as session,
            pytest.raises(UntrustedCertificateError),
        ):
            session.version()
        config = _config(server.url, tls=TlsMode.CA_FILE, ca_file=str(unrelated_file))
        with PveSession(config, TOKEN_SECRET) as session, pytest.raises(UntrustedCertificateError):
            session.version()
        wrong_pin = fingerprint_of(unrelated.der)
        with (
            PveSession(_pinned(server, wrong_pin), TOKEN_SECRET) as session,
            pytest.raises(FingerprintMismatchError),
        ):
            session.version()
        assert len(server.requests) == 1  # only the sanity request got through

        # Variables pointing nowhere do not break sessions either.
        for name in ENV_VARS:
            monkeypatch.setenv(name, str(tmp_path / "missing.pem"))
        with PveSession(_pinned(server, fingerprint_of(leaf.der)), TOKEN_SECRET) as session:
            assert session.version().version == "8.4.1"
        config = _config(server.url, tls=TlsMode.CA_FILE, ca_file=str(ca_file))
        with PveSession(config, TOKEN_SECRET) as session:
            assert session.version().version == "8.4.1"
        assert len(server.requests) == 3


def test_proxy_variables_are_ignored(
    monkeypatch: pytest.MonkeyPatch, server: TlsServer, server_cert: Cert
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # would be refused if used
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with PveSession(_pinned(server, fingerprint_of(server_cert.der)), TOKEN_SECRET) as session:
        assert session.version().version == "8.4.1"


def test_missing_ca_file_is_a_clear_input_error(tmp_path: Path) -> None:
    config = _config("https://127.0.0.1:8006", tls=TlsMode.CA_FILE, ca_file=str(tmp_path / "no"))
    with pytest.raises(InvalidInputError) as caught:
        PveSession(config, TOKEN_SECRET)
    assert "CA file" in str(caught.value)
