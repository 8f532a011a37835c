"""hzsubsidy: offline filling, checking and consolidation of the Zhejiang CBEC subsidy forms.

The package root and its sub-packages form the domain core, which never imports Qt;
the GUI lives in :mod:`hzsubsidy_desktop.gui`.
"""

__version__ = "0.1.0"
