"""The one door to the Qt binding: every other GUI module imports Qt names from here.

Keeping the binding behind one module (as Anki's ``aqt.qt`` does) means a binding upgrade or
switch touches one file, and the core's "no Qt" rule is easy to check.
"""

from PySide6.QtCore import *  # noqa: F403
from PySide6.QtGui import *  # noqa: F403
from PySide6.QtWidgets import *  # noqa: F403
