"""Mask secrets in text before it reaches a log line, an exception text or a crash report.

The patterns cover what PVE and our own code handle:

- PVE auth tickets (``PVE:user@realm:5FBE5DF6::<signature>``), TFA half-tickets
  (``PVE:!tfa!...``) and VNC tickets (``PVEVNC:5FBE5E70::<signature>``), also URL-encoded;
- API token secrets (``USER@REALM!TOKENID=<uuid>``, ``PVEAPIToken=...``, and the ``value`` PVE
  returns when a token is created);
- CSRF prevention tokens (``5FBE5EB6:<base64>``);
- secret-named keys in ``key=value``, ``key: value``, JSON and Python-repr form (passwords,
  tokens, tickets, OTPs, cookies, ``Authorization`` headers), quoted values masked whole;
- bearer/basic credentials and passwords in URLs (``https://user:pw@host``).

Masking errs on the side of hiding: an over-masked log line is a nuisance, a leaked ticket is
an incident. The kind of secret stays visible (the key, the ``PVE:user@realm:`` prefix) so a
log still tells what was there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

MASK = "***"

# Keys whose value is a secret. Matched as whole words, optionally prefixed by other words
# joined with ``_`` or ``-`` (``new_password``, ``X-API-Key``, ``refresh_token``).
_SECRET_KEYS = r"""
    password | passwd | pass | passphrase | secret | token | ticket | vncticket
    | csrfpreventiontoken | csrf | otp | totp | tfa[_-]?challenge | pveauthcookie
    | api[_-]?key | apikey | private[_-]?key | privkey | client[_-]?secret | sessionid
"""
# Keys whose whole value (up to the end of the line or the closing quote) is a credential,
# even when it contains spaces (``Authorization: Bearer abc``, ``Cookie: a=b; c=d``).
_HEADER_KEYS = r"authorization | proxy-authorization | cookie | set-cookie"

_KEY_PREFIX = r"(?<![A-Za-z0-9])(?:[A-Za-z0-9]+[_-])*"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# A quoted value (either quote, backslash escapes allowed) or a bare one.
_VALUE = r"""(?:"(?:\\.|[^"\\\r\n])*"|'(?:\\.|[^'\\\r\n])*'|[^\s"',;&}\]\)]+)"""


def _mask_value(match: re.Match[str]) -> str:
    """Replace the value group of a key/value match, keeping the value's quotes."""
    value = match.group("value")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        masked = value[0] + MASK + value[0]
    else:
        masked = MASK
    return match.group("key") + masked


_Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class _Rule:
    """A pattern, its replacement, and substrings without which it cannot match.

    Regular expressions are slow next to ``in``: a rule runs only when one of its needles
    occurs (in the lower-cased text when ``folded``), so most log messages pass untouched
    after a few substring tests.
    """

    pattern: re.Pattern[str]
    replacement: _Replacement
    needles: tuple[str, ...]
    folded: bool = False


_SECRET_KEY_NEEDLES = (
    "pass", "secret", "token", "ticket", "csrf", "otp", "tfa", "cookie", "key", "sessionid",
)  # fmt: skip

_RULES: tuple[_Rule, ...] = (
    # Private key blocks (PEM), e.g. in an error text from a TLS library; a block cut off
    # before its END line loses everything after BEGIN.
    _Rule(
        re.compile(
            r"(-----BEGIN [A-Z ]*PRIVATE KEY-----)[^-]{0,16000}(-----END [A-Z ]*PRIVATE KEY-----)"
        ),
        r"\1" + MASK + r"\2",
        ("PRIVATE KEY",),
    ),
    _Rule(
        re.compile(r"(-----BEGIN [A-Z ]*PRIVATE KEY-----)(?![^-]{0,16000}-----END)[^-]+"),
        r"\1" + MASK,
        ("PRIVATE KEY",),
    ),
    # TFA half-tickets (``PVE:!tfa!<challenge>::<sig>``, old form ``PVE:tfa!user::<sig>``):
    # everything after the marker goes.
    _Rule(re.compile(r"(PVE(?::|%3[Aa])!?tfa!)[^\s'\"&;,]+"), r"\1" + MASK, ("tfa!",)),
    # PVE auth and VNC tickets, plain or URL-encoded: keep the prefix (kind, user, time).
    _Rule(
        re.compile(
            r"(PVE(?:VNC)?(?::|%3[Aa])[^\s'\"&;,]{0,300}?(?:::|%3[Aa]%3[Aa]))"
            r"(?:[A-Za-z0-9+/=_-]|%2[BbFf]|%3[Dd])+"
        ),
        r"\1" + MASK,
        ("PVE",),
    ),
    # "PVEAPIToken=USER@REALM!TOKENID SECRET": PVE also accepts a space before the secret.
    _Rule(
        re.compile(r"(PVEAPIToken[=\s]\s*[^\s'\"=:]{1,300}[=:\s]\s*)[^\s'\",;]+"),
        r"\1" + MASK,
        ("PVEAPIToken",),
    ),
    # API tokens: USER@REALM!TOKENID=secret (also inside PVEAPIToken=..., or with ':').
    _Rule(
        re.compile(
            r"((?<![\w.+-])[\w.+-]{1,200}(?:@|%40)[\w.-]{1,100}(?:!|%21)[A-Za-z][\w.-]{0,100}"
            r"(?:=|:|%3[Dd]))"
            r"(" + _UUID + r"|[^\s'\",;&)\]}]{6,})"
        ),
        r"\1" + MASK,
        ("!", "%21"),
    ),
    # The secret PVE returns when a token is created: {"value": "<uuid>"}.
    _Rule(
        re.compile(r"""(["']?\bvalue["']?\s*[=:]\s*["']?)""" + _UUID),
        r"\1" + MASK,
        ("value",),
    ),
    # CSRF prevention tokens: 8 hex digits (a timestamp), a colon, a base64 signature.
    _Rule(re.compile(r"\b([0-9A-F]{8}:)[A-Za-z0-9+/]{20,}={0,2}"), r"\1" + MASK, (":",)),
    # Authorization schemes written without a key (e.g. in an exception text).
    _Rule(
        re.compile(r"(?i)\b((?:bearer|basic)\s+)[A-Za-z0-9._~+/-]{8,}=*"),
        r"\1" + MASK,
        ("bearer", "basic"),
        folded=True,
    ),
    # Header-like keys: the whole rest of the value is a credential.
    _Rule(
        re.compile(
            r"(?ix)(?P<key>" + _KEY_PREFIX + r"(?:" + _HEADER_KEYS + r")(?![A-Za-z0-9])"
            r"""["']?\s*[=:]\s*)"""
            r"""(?P<value>"(?:\\.|[^"\\\r\n])*"|'(?:\\.|[^'\\\r\n])*'|[^"'\r\n]*[^\s"'])"""
        ),
        _mask_value,
        ("authorization", "cookie"),
        folded=True,
    ),
    # Secret-named keys in key=value, key: value, JSON and repr form.
    _Rule(
        re.compile(
            r"(?ix)(?P<key>[\"']?" + _KEY_PREFIX + r"(?:" + _SECRET_KEYS + r")(?![A-Za-z0-9])"
            r"""["']?\s*[=:]\s*)(?P<value>""" + _VALUE + r")"
        ),
        _mask_value,
        _SECRET_KEY_NEEDLES,
        folded=True,
    ),
    # Passwords in URLs: scheme://user:password@host
    _Rule(re.compile(r"(://[^/\s:@'\"]+:)[^/\s@'\"]+(@)"), r"\1" + MASK + r"\2", ("://",)),
)


def redact(text: str) -> str:
    """Return ``text`` with everything that looks like a secret replaced by ``***``."""
    folded: str | None = None
    for rule in _RULES:
        if rule.folded:
            if folded is None:
                folded = text.lower()
            haystack = folded
        else:
            haystack = text
        for needle in rule.needles:  # a plain loop: a generator costs more than the tests
            if needle in haystack:
                text = rule.pattern.sub(rule.replacement, text)
                folded = None  # the text changed
                break
    return text


class RedactingFilter(logging.Filter):
    """Mask secrets in a record's final message, its traceback and its stack (in place)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` and keep it."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
