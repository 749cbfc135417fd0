"""What the store's readers return: named rows, so no caller reads a column by its position."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from ..vocab import BoxState, ItemKind, PageState


@dataclass(frozen=True)
class ReviewSheetRow:
    """A sheet as the review queue stores it (review_sheets): what the page lists and a set-aside page may join."""

    sheet_id: str
    label: str
    unit: str | None
    status: str  # a RecordStatus
    missing: str  # the sides not found, as JSON ("[2]")


@dataclass(frozen=True, order=True)
class MissingSide:
    """A side a sheet still lacks: where a set-aside page may belong (ordered as the queue lists them)."""

    sheet_id: str
    label: str
    side: int


@dataclass(frozen=True)
class FormPageRow:
    """A page read as a form: what pairing sides into sheets and naming where a sheet lies need."""

    page_id: str
    seq: int
    side: int
    sheet_key: str | None
    numbered: bool
    path: str
    idx: int
    batch_id: int
    file_sha: str | None = None  # the file's identity: one file named two ways (a scan resumed elsewhere) is one


@dataclass(frozen=True)
class AsidePage:
    """A page not read as a form: set aside with its reason, or a duplicate of another page."""

    page_id: str
    path: str
    idx: int
    reason: str | None  # a PageReason; kept as stored, so a reason a later version adds still shows
    message: str | None
    state: PageState
    duplicate_of: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class BatchRow:
    id: int
    operator: str | None
    unit: str | None
    received: str | None


@dataclass(frozen=True)
class FileProblem:
    """A file that added no pages, or an online column that matched nothing."""

    path: str
    message: str
    kind: str  # a ProblemKind
    pages: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StoredImage:
    """A page's image as the scanner wrote it, with what places the template on it (None: not registered)."""

    data: bytes
    fmt: str
    side: int | None
    homography: list[list[float]] | None


@dataclass(frozen=True)
class TextCrop:
    """A handwriting area's picture and the recogniser's draft (JSON), once made."""

    png: bytes
    draft: str | None


@dataclass(frozen=True)
class FileAccount:
    """An input file: the pages it has by its own count, and its stored pages by state."""

    sha: str
    path: str
    pages: int | None
    stored: int
    form: int
    set_aside: int
    duplicate: int


@dataclass(frozen=True)
class StoredBox:
    """One box's stored reading, as the review page's overlay draws it."""

    question_id: str
    option_id: str
    state: BoxState
    confidence: float
    dx_mm: float
    dy_mm: float


@dataclass(frozen=True)
class PageFacts:
    """What a stored page says about itself, for finding the sheet a set-aside page belongs to."""

    seq: int | None = None  # scan order
    path: str | None = None
    idx: int | None = None
    side: int | None = None  # the printed side number, when read
    code: str | None = None  # the printed code, when read
    ocr_text: str | None = None  # what OCR made of a code it could not read in full
    unit: str | None = None  # the stack's unit


@dataclass(frozen=True)
class MissingSheet:
    """A sheet missing a side, with where its first page lies (a sheet's id is its first page's)."""

    sheet_id: str
    label: str
    unit: str | None
    missing: tuple[int, ...]  # the sides not found
    seq: int | None
    path: str | None
    idx: int | None
    side: int | None



@dataclass(frozen=True)
class PageCounts:
    """The pages by state and the files that added none: what `status` prints and a district sends its province."""

    pages: int = 0
    form: int = 0
    set_aside: int = 0
    duplicate: int = 0
    set_aside_reasons: dict[str, int] = field(default_factory=dict)  # PageReason value -> pages
    files_refused: int = 0
    file_copies: int = 0
    pages_in_file_copies: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PageCounts:
        """As a district sent it; a key an older version did not send counts 0."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    @classmethod
    def total(cls, parts: list[PageCounts]) -> PageCounts:
        """The districts' counts summed, reasons by reason."""
        reasons: dict[str, int] = {}
        for p in parts:
            for k, v in p.set_aside_reasons.items():
                reasons[k] = reasons.get(k, 0) + v
        return cls(
            pages=sum(p.pages for p in parts), form=sum(p.form for p in parts),
            set_aside=sum(p.set_aside for p in parts), duplicate=sum(p.duplicate for p in parts),
            set_aside_reasons=reasons, files_refused=sum(p.files_refused for p in parts),
            file_copies=sum(p.file_copies for p in parts),
            pages_in_file_copies=sum(p.pages_in_file_copies for p in parts))


@dataclass(frozen=True)
class ProvinceDistrict:
    """A district as merged into the provincial store: its plan (JSON) and the facts it sent with its records."""

    district: str
    source: str
    plan: str
    name: str
    counts: PageCounts
    quality: dict[str, Any]  # report.Quality as JSON: what still waits for review in the district's own store
    merged_at: str | None


@dataclass(frozen=True)
class ProvincePut:
    """What putting a district's records in place did."""

    replaced: int  # the records it sent before, now replaced
    unchanged: bool  # it sent exactly this before: nothing was written


@dataclass(frozen=True)
class ProvinceMeta:
    """The provincial plan's title and organisation, as the last merge wrote them."""

    title: str = ""
    organisation: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# ---- the review queue and the decisions it reads back ----
# A decision's value and a queued item's own fields are JSON the review package writes (`Json`): free-form to the
# store, which keeps them as they came; every column the store itself reads is a named field.
Json = Any


@dataclass(frozen=True)
class Generation:
    """What a stored queue was derived from: the pages part and the decisions part (each cheap, from indexes)."""

    pages: str
    decisions: str


@dataclass(frozen=True)
class QueueItem:
    """A review item as the queue stores it: the columns it is ordered and filtered by, and the item itself as
    the review package derived it (`data`: its JSON, which the store does not read).

    held_by: who holds it now, when the reader says (review_question_items); settled: stored but no longer open
    (a reviewer going back to it still finds it)."""

    id: str
    kind: ItemKind
    sheet_id: str
    key: str
    unit: str | None
    confidence: float
    deferred: bool
    data: dict[str, Json]
    settled: bool = False
    held_by: str | None = None
    causes: tuple[str, ...] = ()  # why it waits (a reading's reasons, a rule broken, a flag): what a reviewer filters by


@dataclass(frozen=True)
class Upcoming:
    """An open item nobody holds, with its kind (which says which picture to draw), the item not read whole."""

    id: str
    kind: ItemKind


@dataclass(frozen=True)
class UnitProgress:
    open: int = 0
    done: int = 0


@dataclass(frozen=True)
class ReviewCounts:
    """Open items by kind and unit, deferred ones, decisions in force by unit: the review page's x / y."""

    done: int
    total: int
    open: int
    deferred: int
    by_kind: dict[ItemKind, int]
    by_unit: dict[str, UnitProgress]  # '?' for a sheet of no known unit
    by_question: dict[str, int]
    by_cause: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> cause -> open items (not deferred)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DecisionInForce:
    """A decision neither replaced nor undone, as the page lists it to open again."""

    id: int
    sheet_id: str
    key: str
    value: Json
    reviewer: str
    at: str
    comment: str


@dataclass(frozen=True)
class Undone:
    """A decision just taken back, value included, so the page can show it again exactly as it was decided."""

    id: int
    sheet_id: str
    key: str
    value: Json

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Reopened(Undone):
    """A decision taken back with the rest of its settlement (an online row's decisions of the same moment)."""

    whole: dict[str, Json]  # key -> value of every decision taken back, this one included


@dataclass(frozen=True)
class TrailRow:
    """One decision in the audit trail, as stored: value and machine are the stored JSON text, undone and
    replaced ones included."""

    id: int
    sheet_id: str
    key: str
    value: str
    machine: str | None
    reviewer: str
    at: str
    comment: str
    superseded_by: int | None
    undone_at: str | None
    session: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PageDecision:
    """A set-aside page's decision in force: which sheet's side it fills (its value), so a taken sheet is named."""

    id: int
    sheet_id: str
    value: Json
