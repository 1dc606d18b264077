"""Wheel build hook: ship resources and compiled translations inside the package.

Everything else is configured in pyproject.toml. The wheel carries
``pvesphere_desktop/_resources`` (our console pages and icons plus the npm files we load, as
listed by ``pvesphere_desktop.resources.shipped_resource_files``) and
``pvesphere_desktop/_translations`` (the ``.qm`` files). Build from a checkout after
``./run setup``, which runs ``npm ci`` and compiles the translations.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _resources_module():  # type: ignore[no-untyped-def]  # loaded by path, untyped on purpose
    # Load resources.py by path: importing the package would need its dependencies.
    spec = importlib.util.spec_from_file_location(
        "_pvesphere_resources", ROOT / "pvesphere_desktop" / "resources.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithResources(build_py):
    """Copy the shipped resources and translations next to the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads resources/ and translations/ in place
        package = Path(self.build_lib) / "pvesphere_desktop"
        resources = ROOT / "resources"
        for relative in _resources_module().shipped_resource_files(resources):
            target = package / "_resources" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(resources / relative, target)
        compiled = sorted((ROOT / "translations").glob("*.qm"))
        sources = sorted((ROOT / "translations").glob("*.ts"))
        if len(compiled) < len(sources):
            raise SystemExit("translations are not compiled: run ./run setup first")
        for qm in compiled:
            target = package / "_translations" / qm.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(qm, target)


setup(cmdclass={"build_py": BuildWithResources})
