"""The county clerk's 汇总 (consolidation) workspace: import submissions, review, export 附件5 / 附件2."""

from hzsubsidy_desktop.gui.county.workspace import ClerkWorkspace

__all__ = ["ClerkWorkspace"]
