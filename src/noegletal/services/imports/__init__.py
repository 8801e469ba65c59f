"""Uploading extracts: check the files, then import them as new dataset versions.

This is the upload flow without Streamlit, so the Data page, tests and scripts share it.

Definitions
-----------
*Permissions* (:class:`Permissions`)
    Which municipalities an analyst may manage, from ``settings.analyst_municipalities``
    (``"alice=510,657;bob=*"``). An empty setting lets every analyst manage everything. When
    the setting is not empty, a user who is not named in it may manage nothing. National
    data (extracts without ``kommunekode`` such as ``prisindeks``, and the national rows of
    ``sammenligning`` with kommunekode 0) change every municipality's figures, so only an
    analyst with ``*`` may upload them.
*Checking* (:func:`check_uploads`)
    Every file is read and validated with :mod:`noegletal.datain` (no writes). A file is
    *refused as a whole* when it is too large, cannot be read or recognised, lacks required
    columns, contains CPR-like values, or holds rows for a municipality the analyst may not
    manage. Otherwise its rows with errors are *refused rows* and the others *valid rows*.
    A file named ``indsats_mapping`` holds the municipality's own names for measures and is
    used (not stored) when ``foranstaltninger`` is validated, as in ``noegletal compute``.
*Modes*
    :data:`MODE_ALL` ("importér alt eller intet"): only when no file has an error; every file
    is imported completely. :data:`MODE_VALID` ("importér kun de gyldige rækker"): the valid
    rows of every file that is not refused as a whole; the number of refused rows is stored
    with the version.
*Import* (:func:`import_checked`)
    All chosen files go into the store in **one** transaction
    (:meth:`noegletal.store.Store.import_frames`): every file and every municipality becomes
    a new active version, or nothing changes at all. A file whose checksum equals an earlier
    import of the same extract is a *duplicate*: the store records it and changes nothing.
"""


from noegletal.services.imports.checks import (
    MAPPING,
    MODE_ALL,
    MODE_LABELS,
    MODE_VALID,
    PARTIAL,
    PREVIEW_ROWS,
    READY,
    REFUSED,
    REFUSED_CPR,
    REFUSED_INVALID,
    REFUSED_NO_ROWS,
    REFUSED_PERMISSION,
    REFUSED_TOO_LARGE,
    CheckedFile,
    ProgressHook,
    Upload,
    batch_conflicts,
    check_uploads,
    checksum,
    record_refusals,
)
from noegletal.services.imports.display import (
    COPENHAGEN,
    SOURCE_OWN,
    SOURCE_SAMPLE,
    active_data_table,
    audit_table,
    count_text,
    local_time,
    scope_label,
    table_csv,
    versions_table,
)
from noegletal.services.imports.importing import ImportReport, import_checked
from noegletal.services.imports.permissions import (
    ALL,
    NOTHING,
    Permissions,
    parse_permissions,
    permissions_for,
    scope_text,
)
from noegletal.services.imports.reactivation import activate_version
from noegletal.services.imports.safety import (
    DEFAULT_DROP_SHARE,
    HOW_ADD,
    HOW_LABELS,
    HOW_REPLACE,
    ScopeChange,
    changes,
    confirmation_text,
    drops,
)

__all__ = [
    "ALL",
    "COPENHAGEN",
    "DEFAULT_DROP_SHARE",
    "HOW_ADD",
    "HOW_LABELS",
    "HOW_REPLACE",
    "MAPPING",
    "MODE_ALL",
    "MODE_LABELS",
    "MODE_VALID",
    "NOTHING",
    "PARTIAL",
    "PREVIEW_ROWS",
    "READY",
    "REFUSED",
    "REFUSED_CPR",
    "REFUSED_INVALID",
    "REFUSED_NO_ROWS",
    "REFUSED_PERMISSION",
    "REFUSED_TOO_LARGE",
    "SOURCE_OWN",
    "SOURCE_SAMPLE",
    "CheckedFile",
    "ImportReport",
    "Permissions",
    "ProgressHook",
    "ScopeChange",
    "Upload",
    "activate_version",
    "active_data_table",
    "audit_table",
    "batch_conflicts",
    "changes",
    "check_uploads",
    "checksum",
    "confirmation_text",
    "count_text",
    "drops",
    "import_checked",
    "local_time",
    "parse_permissions",
    "permissions_for",
    "record_refusals",
    "scope_label",
    "scope_text",
    "table_csv",
    "versions_table",
]
