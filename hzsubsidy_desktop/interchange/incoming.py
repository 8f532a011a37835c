"""An application read from a file from outside, checked and ready to be stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hzsubsidy_desktop.formdef import FormDefinition


@dataclass(frozen=True)
class Incoming:
    """An application read from a file, ready to be stored."""

    definition: FormDefinition
    doc: dict[str, Any]
    submission_id: str | None = None
    revision: int | None = None
    region: tuple[str, str] | None = None
    entry: str = ""  # which application inside a county package
    # The county's review (state, comment, reviewing county, date) of an application from a county package.
    review: tuple[str | None, str | None, str | None, str | None] | None = None
    # From a county package (interchange.county_travel): the county's decisions on suspected duplicates of this
    # application and its latest paper check; the city re-applies / shows them read-only.
    decisions: tuple[dict[str, str], ...] = ()
    paper_check: dict[str, Any] | None = None
    origin: str = "import"  # "word": read from a hand-filled Word form
    word: Any = None  # the WordReading (sources, findings, sheets) of a Word file


class Arrivals(list[Incoming]):
    """The applications a file holds, with ``news``: what a county package says about itself
    (:class:`~hzsubsidy_desktop.interchange.county_removals.PackageNews`), None for other files."""

    def __init__(self, items: list[Incoming], news: Any = None) -> None:
        super().__init__(items)
        self.news = news
