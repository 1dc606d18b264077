"""Run ``python -m pvesphere_desktop.store.migrations revision MESSAGE``."""

import sys

from pvesphere_desktop.store.migrations import _main

sys.exit(_main(sys.argv[1:]))
