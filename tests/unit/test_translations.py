"""The translation catalogues are complete, current and consistent with the sources.

``tools/i18n.py`` runs pyside6-lupdate into temporary copies of translations/*.ts and compares:
a string added to or removed from the code without ``./run lupdate`` fails here, as does an
unfinished entry, a placeholder that differs from its source, or a translation call whose
context lupdate cannot read.
"""

from __future__ import annotations

import shutil
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tools import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_catalogues_are_current_and_complete() -> None:
    problems = i18n.check(ROOT)
    assert not problems, "run ./run lupdate and translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("ts", i18n.ts_files(ROOT), ids=lambda p: p.name)
def test_every_placeholder_matches_its_source(ts: Path) -> None:
    messages = i18n.read_messages(ts)
    assert len(messages) >= 30
    with_fields = [m for m in messages if i18n.placeholders(m.source)]
    assert with_fields, "the catalogue should contain messages with {placeholders}"
    for message in messages:
        assert i18n.placeholders(message.translation) == i18n.placeholders(message.source), message


@pytest.mark.parametrize("ts", i18n.ts_files(ROOT), ids=lambda p: p.name)
def test_compiled_catalogue_is_up_to_date(ts: Path) -> None:
    qm = ts.with_suffix(".qm")
    assert qm.exists(), f"{qm.name} missing: ./run setup compiles it"
    assert qm.stat().st_mtime >= ts.stat().st_mtime, f"{qm.name} older than {ts.name}"


def test_catalogues_declare_their_language() -> None:
    languages = {ET.parse(ts).getroot().get("language") for ts in i18n.ts_files(ROOT)}
    assert languages == {"de_DE", "zh_CN"}


# --- the check itself can fail -----------------------------------------------------------

_WIDGET = """\
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

CONTEXT = "Errors"
KEPT = QT_TRANSLATE_NOOP("Errors", "Cannot reach {host}")


class Panel(QWidget):
    def build(self):
        self.tr("&Refresh")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny project with one translated module and catalogues made by lupdate."""
    (tmp_path / "pvesphere_desktop" / "ui").mkdir(parents=True)
    (tmp_path / "pvesphere_desktop" / "ui" / "panel.py").write_text(_WIDGET)
    i18n.lupdate(tmp_path)
    return tmp_path


def _translate(ts: Path, table: dict[str, str]) -> None:
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        translation.text = table[message.findtext("source", "")]
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


_GOOD = {"Cannot reach {host}": "{host} ist nicht erreichbar", "&Refresh": "&Aktualisieren"}


def _translate_all(project: Path, table: dict[str, str] = _GOOD) -> None:
    for ts in i18n.ts_files(project):
        _translate(ts, table)


def test_new_catalogues_are_unfinished(project: Path) -> None:
    problems = i18n.check(project)
    assert len([p for p in problems if p.endswith("not translated")]) == 4


def test_translated_project_passes(project: Path) -> None:
    _translate_all(project)
    assert i18n.check(project) == []


def test_a_new_string_makes_the_catalogues_stale(project: Path) -> None:
    _translate_all(project)
    panel = project / "pvesphere_desktop" / "ui" / "panel.py"
    panel.write_text(panel.read_text() + '        self.tr("Stop")\n')
    problems = i18n.check(project)
    assert "pvesphere_de.ts: [Panel] 'Stop' is new in the sources (./run lupdate)" in problems
    assert len(problems) == 2


def test_a_removed_string_makes_the_catalogues_stale(project: Path) -> None:
    _translate_all(project)
    panel = project / "pvesphere_desktop" / "ui" / "panel.py"
    panel.write_text(panel.read_text().replace('self.tr("&Refresh")', "pass"))
    problems = i18n.check(project)
    assert (
        "pvesphere_zh_CN.ts: [Panel] '&Refresh' is gone from the sources (./run lupdate)"
        in problems
    )


def test_vanished_entries_are_reported(project: Path) -> None:
    _translate_all(project)
    ts = i18n.ts_files(project)[0]
    tree = ET.parse(ts)
    next(iter(tree.getroot().iter("translation"))).set("type", "vanished")
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    assert any("no longer in the sources (vanished)" in p for p in i18n.check(project))


def _message(source: str, translation: str, numerus: bool = False) -> i18n.Message:
    return i18n.Message("Ctx", source, translation, "", numerus)


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("Cannot reach {host}", "{hostname} ist nicht erreichbar", "placeholders differ"),
        ("Cannot reach {host}", "Host ist nicht erreichbar", "placeholders differ"),
        ("Cannot reach {host}", "{host} {detail}", "placeholders differ"),
        ("Cannot reach {host}", "{host ist nicht erreichbar", "broken format string"),
        ("&Refresh", "Aktualisieren", "&-shortcut"),
        ("&Refresh", "&Aktu&alisieren", "&-shortcut"),
        ("%n guest(s)", "Gäste\nGast", "plural form lacks %n"),
        ("Stop", "", "not translated"),
    ],
)
def test_inconsistent_translations_are_reported(
    source: str, translation: str, expected: str
) -> None:
    message = _message(source, translation, numerus="%n" in source)
    problems = list(i18n.check_messages(Path("x.ts"), [message]))
    assert problems
    assert all(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Cannot reach {host}: {detail}", "{detail} – {host} ist nicht erreichbar"),
        ("&Refresh", "刷新(&R)"),
        ("Use && to join", "Mit && verbinden"),
        ("%n guest(s)", "%n Gast\n%n Gäste"),
    ],
)
def test_consistent_translations_pass(source: str, translation: str) -> None:
    message = _message(source, translation, numerus="%n" in source)
    assert list(i18n.check_messages(Path("x.ts"), [message])) == []


def test_context_in_a_variable_is_reported(project: Path) -> None:
    _translate_all(project)
    panel = project / "pvesphere_desktop" / "ui" / "panel.py"
    panel.write_text(panel.read_text() + 'LOST = QT_TRANSLATE_NOOP(CONTEXT, "Lost text")\n')
    problems = i18n.check(project)
    assert problems == [
        "pvesphere_desktop/ui/panel.py:11: QT_TRANSLATE_NOOP() needs string literals for "
        "lupdate, got CONTEXT"
    ]


def test_simulator_and_server_texts_are_not_extracted(project: Path) -> None:
    _translate_all(project)
    for package in ("simulator", "server"):
        folder = project / "pvesphere_desktop" / package
        folder.mkdir()
        (folder / "x.py").write_text(
            textwrap.dedent(
                """\
                from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
                X = QT_TRANSLATE_NOOP("Sim", "not for translators")
                """
            )
        )
    assert i18n.check(project) == []


def test_lupdate_tool_is_found() -> None:
    assert Path(i18n.tool("pyside6-lupdate")).exists()
    assert shutil.which(i18n.tool("pyside6-lrelease"))
