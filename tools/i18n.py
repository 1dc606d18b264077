"""The translation pipeline: extract with pyside6-lupdate, compile with lrelease, check.

``python tools/i18n.py update``   refresh translations/*.ts from the sources (``./run lupdate``)
``python tools/i18n.py release``  compile translations/*.ts into .qm files next to them
``python tools/i18n.py check``    report stale, unfinished or broken translations (exit 1)

Sources are every module of ``pvesphere_desktop`` except the simulator and the server, whose
texts are PVE's or the server's and never shown by the desktop. Qt-free layers mark texts with
``core.i18n.QT_TRANSLATE_NOOP("Context", "text")``; lupdate reads only literal arguments, so a
context held in a variable silently drops the text. The check catches that too.
"""

from __future__ import annotations

import ast
import re
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pvesphere_desktop"
LANGUAGES = ("zh_CN", "de")
EXCLUDED_PACKAGES = ("simulator", "server")
# Functions whose arguments lupdate must be able to read; value: how many leading
# arguments must be string literals.
MARKERS = {"tr": 1, "translate": 2, "QT_TRANSLATE_NOOP": 2, "QT_TR_NOOP": 1}
# Generic wrappers that forward a context and a text they were given.
MARKER_EXEMPT = {"pvesphere_desktop/ui/i18n.py", "pvesphere_desktop/console/view.py"}
_MNEMONIC = re.compile(r"&(?!&)\S")


@dataclass(frozen=True)
class Message:
    """One entry of a .ts file."""

    context: str
    source: str
    translation: str
    state: str  # "" (finished), "unfinished", "vanished" or "obsolete"
    numerus: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.source)


def tool(name: str) -> str:
    """Return the path of a PySide6 tool (next to this Python, else on PATH)."""
    for folder in (Path(sys.executable).parent, Path(sys.executable).resolve().parent):
        for candidate in (folder / name, folder / f"{name}.exe"):
            if candidate.exists():
                return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found; install PySide6 into this environment")
    return found


def source_files(root: Path = ROOT) -> list[Path]:
    """Return the modules whose texts are translated."""
    package = root / PACKAGE
    return sorted(
        path
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] not in EXCLUDED_PACKAGES
    )


def ts_files(root: Path = ROOT) -> list[Path]:
    """Return the .ts file of every language."""
    return [root / "translations" / f"pvesphere_{lang}.ts" for lang in LANGUAGES]


def lupdate(root: Path = ROOT, targets: Iterable[Path] | None = None) -> None:
    """Extract the sources' texts into ``targets`` (default: the project's .ts files)."""
    files = [str(p) for p in source_files(root)]
    catalogues = list(targets if targets is not None else ts_files(root))
    for ts in catalogues:
        ts.parent.mkdir(parents=True, exist_ok=True)
    # One run updates every catalogue (each file's name tells lupdate its language).
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *("-silent", "-locations", "none", "-no-obsolete"),
            *files,
            "-ts",
            *(str(ts) for ts in catalogues),
        ],
        check=True,
    )


def lrelease(root: Path = ROOT) -> list[Path]:
    """Compile every .ts file into a .qm file beside it; return the .qm files."""
    compiled = []
    for ts in ts_files(root):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        compiled.append(qm)
    return compiled


def read_messages(ts: Path) -> list[Message]:
    """Parse a .ts file."""
    messages = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            state = translation.get("type", "") if translation is not None else "unfinished"
            numerus = message.get("numerus") == "yes"
            if translation is None:
                text = ""
            elif numerus:
                text = "\n".join(form.text or "" for form in translation.iter("numerusform"))
            else:
                text = translation.text or ""
            messages.append(Message(name, message.findtext("source", ""), text, state, numerus))
    return messages


def placeholders(text: str) -> list[str]:
    """Return the ``{name}`` fields of a format string (sorted), or raise ValueError."""
    return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field is not None)


def check_messages(ts: Path, messages: list[Message]) -> Iterator[str]:
    """Report unfinished, vanished and inconsistent entries of one catalogue."""
    for m in messages:
        where = f"{ts.name}: [{m.context}] {m.source!r}"
        if m.state in ("vanished", "obsolete"):
            yield f"{where}: no longer in the sources ({m.state})"
            continue
        if m.state == "unfinished" or not m.translation.strip():
            yield f"{where}: not translated"
            continue
        forms = m.translation.split("\n") if m.numerus else [m.translation]
        for form in forms:
            try:
                if placeholders(form) != placeholders(m.source):
                    yield f"{where}: placeholders differ in {form!r}"
            except ValueError as exc:
                yield f"{where}: broken format string {form!r} ({exc})"
            if m.numerus and "%n" in m.source and "%n" not in form:
                yield f"{where}: plural form lacks %n: {form!r}"
            if _MNEMONIC.search(m.source) and len(_MNEMONIC.findall(form)) != 1:
                yield f"{where}: needs exactly one &-shortcut: {form!r}"


def check_stale(root: Path = ROOT) -> Iterator[str]:
    """Run lupdate into temporary copies and report what it would add or remove."""
    with tempfile.TemporaryDirectory(prefix="pvesphere-i18n-") as tmp:
        pairs = []
        for ts in ts_files(root):
            if ts.exists():
                pairs.append((ts, Path(tmp) / ts.name))
                shutil.copy2(ts, pairs[-1][1])
            else:
                yield f"{ts.name}: missing (run ./run lupdate)"
        if not pairs:
            return
        lupdate(root, [copy for _, copy in pairs])
        for ts, copy in pairs:
            before = {m.key for m in read_messages(ts) if m.state not in ("vanished", "obsolete")}
            after = {m.key for m in read_messages(copy)}
            for context, source in sorted(after - before):
                yield f"{ts.name}: [{context}] {source!r} is new in the sources (./run lupdate)"
            for context, source in sorted(before - after):
                yield f"{ts.name}: [{context}] {source!r} is gone from the sources (./run lupdate)"


def check_markers(root: Path = ROOT) -> Iterator[str]:
    """Report translation calls whose context or text lupdate cannot read (not literals)."""
    for path in source_files(root):
        rel = path.relative_to(root).as_posix()
        if rel in MARKER_EXEMPT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            literal_count = MARKERS.get(name or "")
            if literal_count is None or not node.args:
                continue
            if name == "translate" and len(node.args) < 2:
                continue  # not Qt's translate(context, text)
            for arg in node.args[:literal_count]:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    yield (
                        f"{rel}:{node.lineno}: {name}() needs string literals for lupdate, "
                        f"got {ast.unparse(arg)}"
                    )
                    break


def check(root: Path = ROOT) -> list[str]:
    """Return every translation problem of the project."""
    problems = list(check_markers(root))
    problems.extend(check_stale(root))
    for ts in ts_files(root):
        if ts.exists():
            problems.extend(check_messages(ts, read_messages(ts)))
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run one of the pipeline's steps."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command == "update":
        lupdate()
        return 0
    if command == "release":
        lrelease()
        return 0
    if command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        print(f"translations: {len(problems)} problem(s)" if problems else "translations: ok")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
