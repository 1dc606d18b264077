"""Check the house rules that ruff, mypy and import-linter cannot express.

Rules (the name in brackets is what a report shows):

[print]      no ``print()`` in ``pvesphere_desktop/`` outside ``cli/`` and ``ui/selftest.py``
             (everything else logs or tells the user through the UI).
[noqa]       every ``# noqa`` names its codes and every ``# type: ignore`` its error codes.
[sleep]      no ``time.sleep`` in ``ui/`` or ``console/``: the GUI thread never blocks. A
             line that runs where no GUI exists yet says ``house-rules: allow-sleep <reason>``.
[verify]     no ``verify=False`` anywhere: TLS is verified or pinned, never silently off.
[secret]     no secret-looking literal in any file of the repository: PVE tickets, API token
             secrets, CSRF tokens, private keys, password literals in code. A line that must
             hold one (a fake for a test) says ``house-rules: allow-secret <reason>``.
[docstring]  every package under ``pvesphere_desktop/`` has a docstring whose first line is a
             complete one-line summary (ends with a full stop, followed by a blank line).

Usage: ``python tools/house_rules.py [ROOT]``; exit status 1 when a rule is broken.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "pvesphere_desktop"
PRINT_ALLOWED = ("pvesphere_desktop/cli/", "pvesphere_desktop/ui/selftest.py")
NO_SLEEP = ("pvesphere_desktop/ui/", "pvesphere_desktop/console/")
SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "build",
    "dist",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "test-artifacts",
}
MAX_TEXT_BYTES = 2_000_000
SELF = "tools/house_rules.py"
ALLOW_SECRET = re.compile(r"house-rules:\s*allow-secret\b(?P<reason>.*)")
ALLOW_SLEEP = re.compile(r"house-rules:\s*allow-sleep\b(?P<reason>.*)")

_NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)", re.IGNORECASE)
_NOQA_CODES = re.compile(r"^:\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*\b")
_TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>\S*)")

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a PVE ticket", re.compile(r"PVE(?:VNC)?:[^\s'\"]*?::[A-Za-z0-9+/]{16,}")),
    ("an API token secret", re.compile(r"[\w.-]+@[\w.-]+![A-Za-z][\w.-]*[=:\s]" + _UUID)),
    ("a CSRF prevention token", re.compile(r"\b[0-9A-F]{8}:[A-Za-z0-9+/]{27,}={0,2}")),
    # The header alone is documentation; a header with a body is a key.
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{64,}")),
)
# Names whose string value is a credential when assigned a literal.
_SECRET_NAME = re.compile(r"(?i)(password|passwd|passphrase|secret|api_?key|private_?key)$")
_HARMLESS_VALUE = re.compile(r"^[A-Z0-9_]+$|[/{}\s%]|^\*+$")


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule at a place in a file."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


def repository_files(root: Path) -> list[Path]:
    """Return the files to check: git's view (tracked and new) or, outside git, a walk."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return sorted(_walk(root))
    names = [name for name in out.decode("utf-8", "surrogateescape").split("\0") if name]
    return sorted(root / name for name in names if (root / name).is_file())


def _walk(root: Path) -> Iterator[Path]:
    for path in root.iterdir():
        if path.is_dir():
            if path.name not in SKIP_DIRS:
                yield from _walk(path)
        elif path.is_file():
            yield path


def _read_text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > MAX_TEXT_BYTES or b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _comments(source: str) -> Iterator[tuple[int, str]]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.string
    except (tokenize.TokenError, SyntaxError):
        return


def check_noqa(rel: str, source: str) -> Iterator[Violation]:
    """Flag ``# noqa`` and ``# type: ignore`` comments that name no codes."""
    for line, comment in _comments(source):
        noqa = _NOQA.search(comment)
        if noqa and not _NOQA_CODES.match(noqa.group("rest")):
            yield Violation(rel, line, "noqa", "`# noqa` must name its codes (# noqa: E501)")
        ignore = _TYPE_IGNORE.search(comment)
        if ignore and not ignore.group("rest").startswith("["):
            yield Violation(rel, line, "noqa", "`# type: ignore` must name its error codes")


def _module_aliases(tree: ast.AST, module: str, name: str) -> tuple[set[str], set[str]]:
    """Return (names bound to ``module``, names bound to ``module.name``)."""
    modules: set[str] = set()
    functions: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == module:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module == module:
            for alias in node.names:
                if alias.name == name:
                    functions.add(alias.asname or alias.name)
    return modules, functions


def check_python(rel: str, tree: ast.AST) -> Iterator[Violation]:
    """Run the AST rules (print, sleep, verify, password literals) on one module."""
    in_package = rel.startswith(PACKAGE + "/")
    check_print = in_package and not rel.startswith(PRINT_ALLOWED)
    check_sleep = rel.startswith(NO_SLEEP)
    time_modules, sleep_names = _module_aliases(tree, "time", "sleep")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if check_print and isinstance(func, ast.Name) and func.id == "print":
                yield Violation(rel, node.lineno, "print", "print() outside cli/: log instead")
            if check_sleep and (
                (isinstance(func, ast.Name) and func.id in sleep_names)
                or (
                    isinstance(func, ast.Attribute)
                    and func.attr == "sleep"
                    and isinstance(func.value, ast.Name)
                    and func.value.id in time_modules
                )
            ):
                yield Violation(rel, node.lineno, "sleep", "time.sleep would block the GUI thread")
            for keyword in node.keywords:
                if keyword.arg == "verify" and _is_false(keyword.value):
                    yield Violation(rel, node.lineno, "verify", "verify=False turns TLS off")
                if keyword.arg and _SECRET_NAME.search(keyword.arg):
                    yield from _secret_literal(rel, keyword.arg, keyword.value)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = _target_name(target)
                if name == "verify" and node.value is not None and _is_false(node.value):
                    yield Violation(rel, node.lineno, "verify", "verify = False turns TLS off")
                if name and _SECRET_NAME.search(name) and node.value is not None:
                    yield from _secret_literal(rel, name, node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    if key.value == "verify" and _is_false(value):
                        yield Violation(rel, value.lineno, "verify", "verify: False turns TLS off")
                    if _SECRET_NAME.search(key.value):
                        yield from _secret_literal(rel, key.value, value)


def _is_false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _target_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _secret_literal(rel: str, name: str, value: ast.AST) -> Iterator[Violation]:
    if isinstance(value, ast.Constant) and _looks_like_secret(name, value.value):
        yield Violation(rel, value.lineno, "secret", f"a literal value for {name!r}")


def _looks_like_secret(name: str, value: object) -> bool:
    """Tell a credential from a key name, an enum value, a placeholder or a sentence."""
    if not isinstance(value, str) or len(value) < 8 or _HARMLESS_VALUE.search(value):
        return False
    if value.lower().replace("-", "_") == name.lower().replace("-", "_"):
        return False  # PASSWORD = "password"
    kinds = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    return kinds >= 2


def check_secrets(rel: str, text: str) -> Iterator[Violation]:
    """Flag text that looks like a real credential."""
    for kind, pattern in SECRET_PATTERNS:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            yield Violation(rel, line, "secret", f"this looks like {kind}")


def check_package_docstring(rel: str, tree: ast.Module) -> Iterator[Violation]:
    """Require a docstring whose first line is a complete summary."""
    doc = ast.get_docstring(tree, clean=True)
    if not doc:
        yield Violation(rel, 1, "docstring", "a package needs a docstring saying what it owns")
        return
    lines = doc.splitlines()
    if not lines[0].rstrip().endswith(".") or (len(lines) > 1 and lines[1].strip()):
        yield Violation(
            rel, 1, "docstring", "the first line must be a complete one-line summary ending in '.'"
        )


def _allowed_lines(
    rel: str, text: str, pattern: re.Pattern[str], rule: str
) -> tuple[set[int], list[Violation]]:
    allowed: set[int] = set()
    problems: list[Violation] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = pattern.search(line)
        if match:
            if len(match.group("reason").strip(" :-#\"'")) < 3:
                problems.append(Violation(rel, number, rule, f"allow-{rule} needs a reason"))
            else:
                allowed.add(number)
    return allowed, problems


def check_file(root: Path, path: Path) -> list[Violation]:
    """Return every violation in one file."""
    rel = path.relative_to(root).as_posix()
    text = _read_text(path)
    if text is None:
        return []
    found: list[Violation] = []
    allowed, problems = _allowed_lines(rel, text, ALLOW_SECRET, "secret")
    found.extend(problems)
    may_sleep, problems = _allowed_lines(rel, text, ALLOW_SLEEP, "sleep")
    found.extend(problems)
    if rel != SELF:  # this file spells out the patterns it looks for
        found.extend(check_secrets(rel, text))
    if path.suffix == ".py":
        try:
            tree = ast.parse(text, filename=rel)
        except SyntaxError as exc:
            return [Violation(rel, exc.lineno or 1, "syntax", str(exc.msg))]
        found.extend(check_noqa(rel, text))
        found.extend(check_python(rel, tree))
        if rel.startswith(PACKAGE + "/") and path.name == "__init__.py":
            found.extend(check_package_docstring(rel, tree))
    return [
        v
        for v in found
        if not (v.rule == "secret" and v.line in allowed)
        and not (
            v.rule == "sleep" and v.line in may_sleep and v.message != "allow-sleep needs a reason"
        )
    ]


def check_tree(root: Path, files: Iterable[Path] | None = None) -> list[Violation]:
    """Return every violation under ``root`` (sorted by place)."""
    root = root.resolve()
    found: list[Violation] = []
    for path in files if files is not None else repository_files(root):
        found.extend(check_file(root, path.resolve()))
    for folder in sorted((root / PACKAGE).glob("*/")):
        if (
            folder.is_dir()
            and folder.name not in SKIP_DIRS
            and not (folder / "__init__.py").exists()
            and any(folder.glob("*.py"))
        ):
            rel = folder.relative_to(root).as_posix()
            found.append(Violation(rel, 0, "docstring", "a package needs an __init__.py"))
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    """Check the repository (or ROOT) and print what breaks a rule."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    violations = check_tree(root)
    for violation in violations:
        print(violation)
    if violations:
        print(f"house rules: {len(violations)} problem(s)")
        return 1
    print("house rules: all kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
