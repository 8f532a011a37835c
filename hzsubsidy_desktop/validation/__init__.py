"""Validation: field rules (表内) and cross-table rules (表间) over an application document."""

from hzsubsidy_desktop.validation.engine import validate
from hzsubsidy_desktop.validation.findings import Finding, Level, Report

__all__ = ["Finding", "Level", "Report", "validate"]
