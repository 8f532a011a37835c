"""The ``hzsubsidy`` command line: the same core as the GUI, for scripting and tests."""
