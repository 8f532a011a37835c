"""The county clerk's side: import and de-duplicate, review, county settings and 附件2 values, 附件5 rows.

The public operations are re-exported here; the GUI and the CLI reach them through the workspace.
"""

from hzsubsidy_desktop.county.diff import FieldChange, diff_documents, same_content
from hzsubsidy_desktop.county.duplicates import (
    PendingDuplicate,
    decide_duplicate,
    pending_duplicates,
    pending_outcome,
)
from hzsubsidy_desktop.county.importing import (
    ACTOR,
    ORIGIN,
    STATUS_LABELS,
    STATUSES,
    ImportOutcome,
    ImportStopped,
    accept_incoming,
    import_file,
    import_files,
    iter_import,
    keep_both,
)
from hzsubsidy_desktop.county.package import county_package_name, pack_county
from hzsubsidy_desktop.county.review import MAX_REVIEW_COMMENT, REVIEW_STATES, county_review_line, set_review
from hzsubsidy_desktop.county.rows import ProjectRow, column_totals, project_rows, row_for
from hzsubsidy_desktop.county.settings import (
    county_fields,
    county_settings,
    declaration_problems,
    declaration_values,
    set_county_settings,
    set_declaration,
)
from hzsubsidy_desktop.county.word_intake import word_source
from hzsubsidy_desktop.interchange.county_package import read_county_package
from hzsubsidy_desktop.interchange.intake import IMPORT_SUFFIXES, collect_files, read_incoming

__all__ = [
    "ACTOR", "IMPORT_SUFFIXES", "MAX_REVIEW_COMMENT", "ORIGIN", "REVIEW_STATES", "county_review_line",
    "STATUSES", "STATUS_LABELS", "FieldChange", "ImportOutcome", "ImportStopped", "PendingDuplicate", "ProjectRow",
    "accept_incoming", "collect_files", "column_totals", "county_fields", "county_package_name", "county_settings",
    "declaration_problems", "declaration_values", "decide_duplicate", "diff_documents", "import_file",
    "import_files", "iter_import", "keep_both", "pack_county", "pending_duplicates", "pending_outcome", "project_rows",
    "read_county_package",
    "read_incoming", "row_for", "same_content", "set_county_settings", "set_declaration", "set_review",
    "word_source",
]
