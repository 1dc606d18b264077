"""Upstream TLS trust: from the cluster's policy, and never without verification."""

from __future__ import annotations

import ssl

import pytest

from pvesphere_desktop.console.trust import UpstreamTls
from pvesphere_desktop.core.config import TlsMode
from pvesphere_desktop.core.errors import UntrustedCertificateError
from pvesphere_desktop.pve.tls import TrustPolicy

PIN = "ab" * 32


def test_pinned_policy_needs_a_pin_for_the_endpoint() -> None:
    policy = TrustPolicy(TlsMode.PINNED, pins={"pve1:8006": PIN})
    tls = UpstreamTls.from_policy(policy, "pve1:8006")
    assert tls.is_pinned
    assert tls.pins == {":".join(["AB"] * 32)}
    with pytest.raises(UntrustedCertificateError):
        UpstreamTls.from_policy(policy, "pve2:8006")


def test_system_policy_verifies_hostnames() -> None:
    tls = UpstreamTls.from_policy(TrustPolicy(TlsMode.SYSTEM), "pve1:8006")
    assert not tls.is_pinned
    assert tls.context.verify_mode is ssl.CERT_REQUIRED
    assert tls.context.check_hostname


def test_an_unverifying_context_without_pins_is_refused() -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with pytest.raises(UntrustedCertificateError):
        UpstreamTls(context, frozenset(), "h:1").verify_pins(None)
