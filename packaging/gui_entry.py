"""Bundle entry point of the desktop application (see pvesphere-desktop.spec)."""

import sys

from pvesphere_desktop.ui.main import main

if __name__ == "__main__":
    sys.exit(main())
