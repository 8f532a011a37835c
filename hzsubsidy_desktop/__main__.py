"""Allow ``python -m hzsubsidy_desktop``."""

from hzsubsidy_desktop.cli.main import main

raise SystemExit(main())
