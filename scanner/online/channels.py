"""Which tool collected an online file: Google Forms, KoboToolbox or ODK Central, told from its header alone.

The office downloads from whichever tool it collected with and rarely says
which; each tool's export has columns no other writes (KoboToolbox's `_uuid`
and `_submission_time`, ODK Central's `SubmissionDate` and `KEY`), so the
header decides and `import-online --source` overrides. The channel is kept
with every record, so validation, workbook and report can say where answers
came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..vocab import Channel as Channel  # re-exported: the online modules name it from here

# Columns KoboToolbox adds to every export (kpi's export fields), and those of its form's `meta` block.
KOBO_META = {"_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "_tags",
             "_index", "__version__", "_version_", "_attachments", "_geolocation", "_xform_id_string",
             "_submission__id", "_submission__uuid", "_submission__submission_time", "_submission__validation_status",
             "_submission__notes", "_submission__status", "_submission__submitted_by", "_submission__tags",
             "_parent_index", "_parent_table_name"}
# Columns ODK Central adds to submissions.csv (central-backend's CSV stream), before and after the form's own.
ODK_META = {"SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
            "Status", "ReviewState", "DeviceID", "Edits", "FormVersion", "PARENT_KEY"}
# The form's own metadata questions, as XLSForm and the tools name them (any group prefix removed).
FORM_META = {"start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit",
             "instanceid", "deprecatedid", "rootuuid", "instancename", "uuid", "formhub"}


@dataclass(frozen=True)
class Review:
    """What the collecting tool's own reviewers said of a submission: rejected ones are kept but not counted."""

    rejected: bool = False
    held: bool = False  # KoboToolbox "On Hold", ODK "hasIssues": counted only once a person here accepts it
    text: str = ""


def channel_label(value: str | None) -> str:
    """"Google Forms", "KoboToolbox", "ODK Central"; paper records (None) say "giấy"."""
    try:
        return Channel(value).label if value else "giấy"
    except ValueError:
        return str(value)


def detect(header: Iterable[str]) -> Channel:
    """KoboToolbox or ODK Central by their own columns; anything else is read as Google's."""
    names = {h.strip() for h in header if h}
    if names & {"_uuid", "_submission_time", "_submission__uuid"} or "_index" in names and "_id" in names:
        return Channel.kobo
    if "SubmissionDate" in names and names & {"KEY", "meta-instanceID", "instanceID"}:
        return Channel.odk
    return Channel.google


def meta_name(header: str) -> str:
    """The last part of a column name, lower-cased: `meta/instanceID`, `meta-instanceID`, `instanceID` alike."""
    for sep in ("/", "-", "."):
        header = header.rsplit(sep, 1)[-1] if sep in header else header
    return header.strip().lower()


def is_meta(header: str, channel: Channel) -> bool:
    h = header.strip()
    if channel is Channel.kobo and (h in KOBO_META or h.startswith("_submission_")):
        return True
    if channel is Channel.odk and h in ODK_META:
        return True
    return h.lower().startswith(("meta/", "meta-", "meta.", "formhub/", "formhub-", "__system")) or (
        "/" not in h and "-" not in h and meta_name(h) in FORM_META)


def review_of(channel: Channel, cells: dict[str, str]) -> Review:
    """KoboToolbox `_validation_status` (a label or a `validation_status_…` id) or ODK `ReviewState`."""
    if channel is Channel.kobo:
        raw = cells.get("_validation_status", "")
        # A label ("Not Approved"), an id ("validation_status_not_approved") or the API's whole object as text.
        key = " ".join(raw.lower().replace("_", " ").split())
        if any(w in key for w in ("not approved", "rejected", "không được duyệt", "không duyệt")):
            return Review(rejected=True, text=raw)
        if any(w in key for w in ("on hold", "tạm giữ")):
            return Review(held=True, text=raw)
        return Review(text=raw)
    if channel is Channel.odk:
        raw = cells.get("ReviewState", "")
        key = raw.strip().lower()
        if key == "rejected":
            return Review(rejected=True, text=raw)
        if key in ("hasissues", "has issues"):
            return Review(held=True, text=raw)
        return Review(text=raw)
    return Review()


def bare_uuid(value: str) -> str:
    """`uuid:48583952-…` and `48583952-…` are one submission: KoboToolbox writes both, in different columns."""
    v = value.strip()
    return v[5:] if v.lower().startswith("uuid:") else v
