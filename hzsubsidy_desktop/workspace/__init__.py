"""The one door to the data (in the manner of Anki's ``Collection``).

A :class:`Workspace` owns the :class:`~hzsubsidy_desktop.store.Store`; the GUI and the command
line call only the workspace, never the store (a test fails if they do). Each operation is
composed here once — who acts, what is re-validated, which business rule applies — so both
front ends behave the same. The enterprise's operations are in :mod:`.applications`, the
county clerk's in :mod:`.county`; :mod:`.base` holds what both stand on.
"""

from hzsubsidy_desktop.workspace.applications import PROFILE_FIELDS, ApplicationOps, EditResult
from hzsubsidy_desktop.workspace.county import CLERK, CountyOps


class Workspace(ApplicationOps, CountyOps):
    """The application's data, as the people who use it think of it."""


__all__ = ["CLERK", "PROFILE_FIELDS", "EditResult", "Workspace"]
