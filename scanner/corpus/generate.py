"""The corpus generator: numbered forms, filled as people fill them, scanned as offices scan them.

Same seed, same corpus. The truth (JSON Lines) records what every page is
and what every respondent meant, box by box, so that the accuracy benchmark
can tell a right reading from a silent error.
"""

from __future__ import annotations

import io
import json
import struct
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ..fonts import text_width_mm
from ..forms import SheetSpec
from ..plan import Plan
from ..template import Rect, Template
from ..vocab import BoxState, PageReason
from .degrade import Scan, damage_qr, degrade, quick_draws, streak_for
from .draw import PENS, Canvas, draw_mark, scribble, stray, write_digit
from .papers import Papers
from .people import QuestionTruth, answer_sheet
from .world import DRAWN_APART, form_stage, paper_stage, sheet_stage, world_degrade

SRC_DPI = 300
PX_PER_MM = SRC_DPI / 25.4
STACK_PROFILES = {"flatbed": 0.25, "feeder": 0.35, "lowres": 0.08, "photocopy": 0.12, "fax": 0.1, "phone": 0.1}


@dataclass
class SheetPlan:
    sheet: str
    unit: str | None  # as printed; None for photocopied blank forms
    serial: int
    true_unit: str
    answers: dict[str, QuestionTruth]
    pen: str
    texts: dict[str, int] = field(default_factory=dict)  # text area -> words written
    qr_damage: dict[int, str] = field(default_factory=dict)
    stray: bool = False
    stray_on: tuple[str, ...] = ()  # questions beside which a doodle is left
    reused_serial: bool = False


def label_width_mm(template: Template, label: str) -> float:
    """How far the printed option label runs, measured in the font the template printed it with."""
    return text_width_mm(label, template.label_font, template.label_pt)


def writings(rng: np.random.Generator, template: Template, answers: dict[str, QuestionTruth]) -> dict[str, int]:
    """Words written in each text area: a write-in when its option is chosen, a free answer now and then."""
    out = {}
    for q in template.questions:
        if not q.behaviour.handwritten:
            continue
        if q.other_of:
            chosen = answers[q.other_of].answer
            option = template.question(q.other_of).other_option
            if chosen and option in chosen:
                out[q.id] = int(rng.integers(2, 6))
        elif rng.random() < 0.3:
            out[q.id] = int(rng.integers(3, 20))
    return out


def plan_sheets(rng: np.random.Generator, template: Template, plan: Plan, n: int) -> list[SheetPlan]:
    """Every sheet, each marked reused_serial when another sheet printed with its unit carries its serial."""
    out = list(iter_sheets(rng, template, plan, n))
    pairs = reused_pairs(out)
    for s in out:
        s.reused_serial = (s.unit, s.serial) in pairs
    return out


def reused_pairs(sheets: Iterable[SheetPlan]) -> set[tuple[str | None, int]]:
    """(printed unit, serial) of each sheet that reuses an earlier one's: every sheet printed so is reused."""
    return {(s.unit, s.serial) for s in sheets if s.reused_serial}


def iter_sheets(rng: np.random.Generator, template: Template, plan: Plan, n: int) -> Iterator[SheetPlan]:
    """The sheets one at a time, as plan_sheets draws them, keeping only each unit's serials so far; a sheet whose
    serial a later one reuses is not marked here (only the later one is), see reused_pairs (issue 26: the parent
    held every sheet of the corpus, 100 MB for 3,000, and planned them all before the first stack started)."""
    units = [u for u in plan.units if u.paper > 0]
    weights = np.array([u.paper for u in units], float)
    next_serial = {u.code: 1 for u in units}
    printed_serials: dict[str, list[int]] = {u.code: [] for u in units}  # in order, as printed with the unit
    for i in range(n):
        u = units[int(rng.choice(len(units), p=weights / weights.sum()))]
        printed: str | None = u.code
        reused = False
        earlier = printed_serials[u.code]
        if earlier and rng.random() < 0.03:
            serial, reused = earlier[int(rng.integers(len(earlier)))], True
        elif rng.random() < 0.03:
            printed, serial = None, 0
        else:
            serial = next_serial[u.code]
            next_serial[u.code] += 1
        if printed is not None:
            earlier.append(serial)
        answers, pen = answer_sheet(rng, template)
        sp = SheetPlan(f"S{i + 1:05d}", printed, serial, u.code, answers, pen, reused_serial=reused)
        sp.texts = writings(rng, template, answers)
        if rng.random() < 0.04:
            sp.qr_damage[int(rng.integers(1, template.pages + 1))] = str(rng.choice(["mark", "tear"]))
        sp.stray = bool(rng.random() < 0.02)
        if sp.stray:
            choice = [q.id for q in template.choice_questions() if q.options]
            sp.stray_on = tuple(sorted(rng.choice(choice, size=min(2, len(choice)), replace=False).tolist()))
        yield sp


def fill_page(paper: np.ndarray, template: Template, sheet: SheetPlan, page: int, rng: np.random.Generator) -> None:
    cv = Canvas(paper, PX_PER_MM, rng)
    for q in template.marked_on(page):
        truth = sheet.answers[q.id]
        if q.page == page:  # the comb is printed on the question's own side only
            for c, d in truth.written.items():
                write_digit(cv, q.comb[c - 1], d, PENS[sheet.pen])
        for o in q.options:
            bt = truth.boxes[o.id]
            if bt.state == BoxState.empty:
                continue
            pen = PENS[bt.pen or sheet.pen]
            if bt.style == "correction":
                draw_mark(cv, o.box, "x", pen)
                draw_mark(cv, o.box, "fill", pen)
            else:
                draw_mark(cv, o.box, bt.style or "x", pen, bt.offset, label_width_mm(template, o.label),
                          template.right_to_left)
        if q.id in sheet.stray_on and q.page == page:
            stray(cv, q.options[0].box, PENS[sheet.pen])
    for qid, words in sheet.texts.items():
        q = template.question(qid)
        if q.page == page and q.area is not None:
            scribble(cv, q.area, PENS[sheet.pen], words)
    if page in sheet.qr_damage:
        r = template.qr
        damage_qr(paper, _px(r), rng, sheet.qr_damage[page])


def _px(r: Rect) -> tuple[int, int, int, int]:
    return (int(r.x * PX_PER_MM), int(r.y * PX_PER_MM), int(r.w * PX_PER_MM), int(r.h * PX_PER_MM))


def other_document(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """A page of some other paperwork that slipped into the stack."""
    img = np.full(shape, 250, np.uint8)
    y = int(rng.integers(200, 400))
    while y < shape[0] - 300:
        x, end = 250, int(rng.integers(shape[1] // 2, shape[1] - 250))
        while x < end:
            w = int(rng.integers(40, 160))
            cv2.rectangle(img, (x, y), (min(x + w, end), y + 22), 60, -1)
            x += w + 30
        y += int(rng.integers(55, 80))
    return img


def encode(scan: Scan) -> tuple[bytes, str]:
    if scan.bilevel:
        buf = io.BytesIO()
        Image.fromarray(~scan.image).convert("1").save(buf, "TIFF", compression="group4", dpi=(scan.dpi, scan.dpi))
        return buf.getvalue(), "tiff"
    ok, data = cv2.imencode(".jpg", scan.image, [cv2.IMWRITE_JPEG_QUALITY, scan.params.get("jpeg_quality", 85)])
    assert ok
    return data.tobytes(), "jpeg"


def png_bytes(grey: np.ndarray, dpi: int) -> bytes:
    """A grey page as PNG: fastest deflate, run-length only (Z_RLE), by libpng, with the resolution Pillow
    writes (its pHYs chunk). The same pixels and about the same size as Pillow's writer, which tries all five
    filters on every row: 0.24 against 0.16 CPU s for a 300 dpi page (issue 26)."""
    ok, data = cv2.imencode(".png", grey, [cv2.IMWRITE_PNG_COMPRESSION, 1,
                                           cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE])
    assert ok
    raw = data.tobytes()
    ppm = int(dpi / 0.0254 + 0.5)  # pixels per metre, rounded as Pillow rounds them
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    after_ihdr = 8 + 25  # the signature, then IHDR (length, type, 13 bytes, CRC)
    return raw[:after_ihdr] + struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body)) + raw[after_ihdr:]


def write_tiff(path: Path, pages: list[bytes], dpi: int) -> None:
    """A multi-page TIFF, each page decoded only while it is written: the bytes Pillow's `save_all` writes (its
    own loop, AppendingTiffWriter and one frame at a time), without holding every decoded page of the stack,
    which at 300 dpi was most of a worker's memory (issue 26)."""
    from PIL import TiffImagePlugin

    with open(path, "w+b") as f, TiffImagePlugin.AppendingTiffWriter(f) as tf:
        for k, data in enumerate(pages):
            im = Image.open(io.BytesIO(data))
            if k == 0:
                comp = "group4" if im.mode == "1" else "tiff_lzw"
            frame = im if comp == "group4" else im.convert("L")
            frame.encoderinfo = {"compression": comp, "dpi": (dpi, dpi)}
            frame.encoderconfig = ()
            frame.load()
            TiffImagePlugin._save(frame, tf, str(path))  # type: ignore[attr-defined]
            tf.newFrame()
            del im, frame


def write_stack(out_dir: Path, name: str, kind: str, pages: list[tuple[bytes, str, int]]) -> list[str]:
    """Writes pages the way office equipment does; returns each page's file (relative) in order."""
    import img2pdf

    if kind == "pdf":
        path = out_dir / f"{name}.pdf"
        layout = img2pdf.get_fixed_dpi_layout_fun((pages[0][2], pages[0][2]))
        with open(path, "wb") as f:  # straight to the file: no second copy of the stack in memory
            img2pdf.convert([p[0] for p in pages], layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal,
                            outputstream=f)
        return [path.name] * len(pages)
    if kind == "tiff":
        path = out_dir / f"{name}.tif"
        write_tiff(path, [p[0] for p in pages], pages[0][2])
        return [path.name] * len(pages)
    names = []
    for i, (data, fmt, dpi) in enumerate(pages):
        if fmt == "jpeg" and kind == "jpg":
            p = out_dir / f"{name}_{i + 1:03d}.jpg"
            p.write_bytes(data)
        else:
            p = out_dir / f"{name}_{i + 1:03d}.png"
            im = Image.open(io.BytesIO(data))
            if im.mode == "L":
                p.write_bytes(png_bytes(np.asarray(im), dpi))
            else:  # a 1-bit page forced into PNG stays 1-bit
                im.save(p, "PNG", dpi=(dpi, dpi), compress_level=1, compress_type=3)
        names.append(p.name)
    return names


def stack_kind(profile: str, rng: np.random.Generator) -> str:
    if profile in ("phone", "photo"):
        return "jpg"
    if profile in ("fax", "fadedfax"):
        return str(rng.choice(["tiff", "pdf"]))
    return str(rng.choice(["pdf", "pdf", "pdf", "tiff", "png"]))


@dataclass(frozen=True)
class _Settings:
    seed: int
    stack_size: int
    profiles: dict[str, float]
    kind: str | None
    max_jpeg_quality: int
    cycle: bool


_worker: tuple[Template, Papers, Path, _Settings] | None = None


def _init_worker(template: Template, out_dir: str, settings: _Settings) -> None:
    global _worker
    _worker = (template, Papers(template, SRC_DPI), Path(out_dir), settings)


def _stack_work(task: tuple[int, list[SheetPlan]]) -> tuple[list[dict], int, int]:
    assert _worker is not None
    template, papers, out_dir, st = _worker
    with quick_draws():
        return write_stack_of(template, papers, out_dir, st, *task)


def generate(template: Template, plan: Plan, n_sheets: int, seed: int, out_dir: str | Path,
             stack_size: int = 12, profiles: dict[str, float] | None = None, kind: str | None = None,
             max_jpeg_quality: int = 95, cycle: bool = False, jobs: int = 1) -> dict:
    """Writes the corpus and truth.jsonl into out_dir; `kind` forces every stack into one file type.

    Each stack draws from its own random stream (the seed and the stack's first sheet), so `jobs` worker
    processes write the same bytes as one, and memory holds a stack at a time whatever the corpus's size.
    """
    from ..pool import Failure, run_ordered

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    sheets = iter_sheets(rng, template, plan, n_sheets)
    settings = _Settings(seed, stack_size, dict(profiles or STACK_PROFILES), kind, max_jpeg_quality, cycle)
    counts = {"sheets": 0, "pages": 0, "files": 0}
    tasks = ((start, list(islice(sheets, stack_size))) for start in range(0, n_sheets, stack_size))
    printed: list[tuple[str | None, int]] = []  # each sheet's printed unit and serial, in order
    reused: set[tuple[str | None, int]] = set()
    # the sheets' lines follow every page's: kept on disk meanwhile, so memory holds the stacks in flight only
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as out, \
            tempfile.TemporaryFile("w+", encoding="utf-8", dir=out_dir) as spool:
        for (start, stack), got in run_ordered(_stack_work, tasks, max(1, jobs), _init_worker,
                                               (template, str(out_dir), settings), window=2):
            if isinstance(got, Failure):
                raise RuntimeError(f"stack from sheet {start + 1}: {got.message}")
            lines, pages, files = got
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            counts["pages"] += pages
            counts["files"] += files
            counts["sheets"] += len(stack)
            reused |= reused_pairs(stack)
            for s in stack:
                printed.append((s.unit, s.serial))
                spool.write(json.dumps(sheet_truth(s), ensure_ascii=False, sort_keys=True) + "\n")
        spool.seek(0)
        for pair, line in zip(printed, spool, strict=True):
            if pair in reused:
                line = json.dumps(json.loads(line) | {"reused_serial": True}, ensure_ascii=False, sort_keys=True) + "\n"
            out.write(line)
    return counts


def sheet_truth(s: SheetPlan) -> dict:
    return {
        "type": "sheet", "sheet": s.sheet, "unit": s.true_unit, "printed_unit": s.unit, "serial": s.serial,
        "reused_serial": s.reused_serial, "pen": s.pen, "texts": s.texts,
        "answers": {q: t.answer for q, t in s.answers.items()},
        "ambiguous": {q: t.why for q, t in s.answers.items() if t.ambiguous},
        # each box's fields as asdict gives them, without its deep copy (a sixth of a sheet's cost in the parent)
        "boxes": {q: {o: dict(vars(b)) for o, b in t.boxes.items()} for q, t in s.answers.items()},
    } | ({"not_generated": skipped} if (skipped := sorted(q for q, t in s.answers.items() if not t.generated))
         else {})


def _sheet_sides(template: Template, papers: Papers, sheet: SheetPlan, profile: str, rng: np.random.Generator,
                 wrng: np.random.Generator | None) -> dict[tuple[str, int], tuple[np.ndarray, dict]]:
    """Every side of one sheet, filled in; together, since on thin paper each side shows through the other."""
    sides, drawn = [], []
    for page in range(1, template.pages + 1):
        paper = papers.page(SheetSpec(sheet.unit, sheet.serial), page)
        wp: dict = {}
        if wrng is not None:
            paper = form_stage(paper, profile, wrng, wp)
        fill_page(paper, template, sheet, page, rng)
        if wrng is not None:
            paper = paper_stage(paper, profile, wrng, wp)
        sides.append(paper)
        drawn.append(wp)
    if wrng is not None:
        sheet_stage(sides, profile, wrng, drawn)
    return {(sheet.sheet, page): (sides[page - 1], drawn[page - 1]) for page in range(1, template.pages + 1)}


def write_stack_of(template: Template, papers: Papers, out_dir: Path, st: _Settings, start: int,
                   stack: list[SheetPlan]) -> tuple[list[dict], int, int]:
    """Fills, scans and writes one stack; returns its pages' truth lines, its page and file counts."""
    seed, profiles = st.seed, st.profiles
    rng = np.random.default_rng([seed, start, 26])
    if st.cycle:
        profile = list(profiles)[(start // st.stack_size) % len(profiles)]
    else:
        profile = str(rng.choice(list(profiles), p=np.array(list(profiles.values())) / sum(profiles.values())))
    # drawn apart, so that a seed's corpus is otherwise what it was before streaks were modelled
    streak = streak_for(profile, np.random.default_rng([seed, start]))
    # the world's profiles draw from their own stream too (issue 23)
    wrng = np.random.default_rng([seed, start, 23]) if profile in DRAWN_APART else None
    order: list[tuple[str, SheetPlan | None, int]] = []  # (what, sheet, side), in the order the stack is fed
    for s in stack:
        sides = [("form", s, page) for page in range(1, template.pages + 1)]
        if rng.random() < 0.03:
            sides = sides[:1]
        elif rng.random() < 0.08:
            sides.reverse()
        order.extend(sides)
    if rng.random() < 0.15:
        order.insert(int(rng.integers(0, len(order) + 1)), (PageReason.blank, None, 0))
    if rng.random() < 0.1:
        order.insert(int(rng.integers(0, len(order) + 1)), ("other", None, 0))
    shape = papers.sides[0].shape
    encoded: list[tuple[bytes, str, int]] = []
    meta: list[dict] = []
    built: dict[tuple[str, int], tuple[np.ndarray, dict]] = {}  # one sheet's sides, until each is scanned
    for what, sheet, page in order:  # one sheet's pixels at a time: memory stays flat whatever the stack
        flip = bool(rng.random() < 0.05)
        wp: dict = {}  # what a world profile's form, paper and sheet stages drew
        if sheet is not None:
            if (sheet.sheet, page) not in built:
                built.clear()
                built.update(_sheet_sides(template, papers, sheet, profile, rng, wrng))
            paper, wp = built.pop((sheet.sheet, page))
        else:
            paper = np.full(shape, 252, np.uint8) if what == PageReason.blank else other_document(rng, shape)
        if wrng is not None:
            scan = world_degrade(paper, SRC_DPI, profile, wrng, flip, wp)
        else:
            scan = degrade(paper, SRC_DPI, profile, rng, flip=flip, streak=streak)
        del paper
        if "jpeg_quality" in scan.params:
            scan.params["jpeg_quality"] = min(scan.params["jpeg_quality"], st.max_jpeg_quality)
        data, fmt = encode(scan)
        encoded.append((data, fmt, scan.dpi))
        meta.append({"kind": what, "sheet": sheet.sheet if sheet else None, "side": page or None,
                     "profile": profile, "params": scan.params,
                     "qr_damaged": sheet.qr_damage.get(page) if sheet else None, "duplicate_of": None})
    if len(encoded) > 2 and rng.random() < 0.1:
        j = int(rng.integers(len(encoded)))
        encoded.append(encoded[j])
        meta.append(dict(meta[j], duplicate_of=j))
    name = f"stack{start // st.stack_size + 1:03d}_{profile}"
    files = write_stack(out_dir, name, st.kind or stack_kind(profile, rng), encoded)
    idx: dict[str, int] = {}
    lines = []
    for f, m in zip(files, meta, strict=True):
        m["file"], m["page_index"] = f, idx.get(f, 0)
        idx[f] = idx.get(f, 0) + 1
        if m["duplicate_of"] is not None:
            m["duplicate_of"] = [files[m["duplicate_of"]], meta[m["duplicate_of"]]["page_index"]]
        lines.append({"type": "page", **m})
    return lines, len(encoded), len(set(files))
