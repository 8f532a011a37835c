"""Entry point of the PyInstaller bundle: the same ``main`` as the ``hzsubsidy`` console script."""

import sys

from hzsubsidy_desktop.cli.main import main

if __name__ == "__main__":
    # The import reads files in worker processes (spawn on Windows, forkserver under the GUI on Linux):
    # in a bundle, a worker is this executable started again, which must become the worker, not the app.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
