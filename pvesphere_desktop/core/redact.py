"""Mask secrets in text before it reaches a log line, an exception text or a crash report.

Patterns cover what PVE and our own code handle: passwords in key=value or JSON form,
API token secrets (``USER@REALM!TOKENID=<uuid>`` and ``PVEAPIToken=...``), PVE tickets
(``PVE:user@realm:HEX::signature``), VNC tickets, CSRF tokens, cookies and bearer tokens.
"""

from __future__ import annotations

import logging
import re

MASK = "***"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # PVE auth tickets and VNC tickets: keep the prefix so a log still tells which kind it was.
    (re.compile(r"(PVE(?:VNC)?:[^\s:'\"]*:?[0-9A-F]{8}::)[A-Za-z0-9+/=_-]+"), r"\1" + MASK),
    (re.compile(r"(PVE:!tfa!)[^\s'\"]+"), r"\1" + MASK),
    # API token: PVEAPIToken=user@realm!id=secret or user@realm!id=secret / user@realm!id:secret
    (
        re.compile(r"([\w.-]+@[\w.-]+![\w.-]+[=:])([0-9a-fA-F-]{8,}|[^\s'\",;&]{6,})"),
        r"\1" + MASK,
    ),
    # CSRF tokens: 8 hex digits, colon, base64 signature.
    (re.compile(r"\b([0-9A-F]{8}:)[A-Za-z0-9+/]{20,}={0,2}"), r"\1" + MASK),
    # key=value / key: value / "key": "value" forms of secret-looking keys.
    (
        re.compile(
            r"""(?ix)
            (["']?(?:password|passwd|pass|secret|token|ticket|csrfpreventiontoken|
                 csrf|otp|totp_secret|totp|tfa-challenge|vncticket|authorization|cookie|
                 pveauthcookie|api[_-]?key|master[_-]?password)["']?
             \s*[=:]\s*["']?)
            ([^\s"',;&}]+)
            """
        ),
        r"\1" + MASK,
    ),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/-]+=*"), r"\1" + MASK),
)


def redact(text: str) -> str:
    """Return ``text`` with everything that looks like a secret replaced by ``***``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in the final message and any traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
