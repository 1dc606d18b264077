"""A wrapper that keeps a secret out of reprs, log lines, tracebacks and crash reports."""

from __future__ import annotations


class Secret:
    """Hold a secret string; only :meth:`reveal` returns it."""

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, str):
            raise TypeError("a secret must be text")
        self._value = value

    def reveal(self) -> str:
        """Return the secret itself: pass it straight to where it is needed, never store it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self) -> str:  # never pickle a secret by accident
        raise TypeError("secrets cannot be pickled")
