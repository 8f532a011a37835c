"""Typed values as people write them: money in 万元, credit codes, and the field types of a form."""
