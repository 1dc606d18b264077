"""Bundle entry point of the desktop application (see pvesphere-desktop.spec)."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The sync runs in a child process started with "spawn": in the bundle, that child is
    # this program again, and freeze_support() turns it into the child before anything else.
    multiprocessing.freeze_support()
    from pvesphere_desktop.ui.main import main

    sys.exit(main())
