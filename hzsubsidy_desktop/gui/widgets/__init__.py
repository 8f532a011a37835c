"""Input widgets, one per field type, plus the plan and expenditure tables."""
