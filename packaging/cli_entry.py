"""Bundle entry point of the ``pvesphere`` command line (see pvesphere-desktop.spec)."""

import sys

from pvesphere_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
