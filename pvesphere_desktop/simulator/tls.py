"""Self-signed certificates like a PVE cluster's: one cluster CA, one certificate per node.

EC P-256 keys instead of PVE's RSA 2048: a fleet of 60 nodes is ready in a fraction of a second,
and no client can tell the difference beyond the key type.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

log = logging.getLogger(__name__)


@dataclass
class CertPair:
    cert_pem: bytes
    key_pem: bytes
    fingerprint: str  # SHA-256, colon-separated upper-case hex

    def write(self, directory: Path, stem: str) -> tuple[Path, Path]:
        cert = directory / f"{stem}.pem"
        key = directory / f"{stem}.key"
        cert.write_bytes(self.cert_pem)
        key.write_bytes(self.key_pem)
        key.chmod(0o600)
        return cert, key


def fingerprint_of(cert: x509.Certificate) -> str:
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass
class ClusterCA:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @classmethod
    def create(cls, cluster: str) -> ClusterCA:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, "Proxmox Virtual Environment"),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, str(uuid.uuid4())),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PVE Cluster Manager CA"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        log.debug("created CA for cluster %s", cluster)
        return cls(key, cert)

    def issue(self, node: str, address: str) -> CertPair:
        """Issue a node certificate valid for the node's name and loopback address."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "PVE Cluster Node"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Proxmox Virtual Environment"),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{node}.sim.invalid"),
            ]
        )
        alt_names: list[x509.GeneralName] = [
            x509.DNSName(node),
            x509.DNSName(f"{node}.sim.invalid"),
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address(address)),
        ]
        if address != "127.0.0.1":
            alt_names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=730))
            .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        return CertPair(
            cert.public_bytes(serialization.Encoding.PEM) + self.pem,
            _key_pem(key),
            fingerprint_of(cert),
        )
