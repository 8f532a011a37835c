"""Entry point of the PyInstaller bundle: the same ``main`` as the ``hzsubsidy`` console script."""

import sys

from hzsubsidy_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
