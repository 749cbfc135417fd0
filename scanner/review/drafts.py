"""The machine's reading of a handwriting item, offered to the reviewer only when the recogniser is confident."""

from __future__ import annotations

import json
import threading
from typing import Any

from ..store import Store
from .item import Item

DRAFT_CONFIDENCE = 85.0  # Tesseract's mean word confidence above which a handwriting draft is worth offering


def draft(store: Store, it: Item, ocr_lock: threading.Lock) -> dict[str, Any]:
    """The draft of a handwriting item's crop, made on first request (one at a time, under `ocr_lock`) and kept."""
    crop = store.text_crop(it.page_id, it.key)
    if crop is None:
        return {"draft": "", "confident": False}
    if crop.draft is None:
        with ocr_lock:
            crop = store.text_crop(it.page_id, it.key)
            if crop is not None and crop.draft is None:
                text, conf = _read_handwriting(crop.png)
                store.set_draft(it.page_id, it.key, json.dumps({"text": text, "conf": round(conf, 1)},
                                                               ensure_ascii=False))
                crop = store.text_crop(it.page_id, it.key)
    text, conf = _stored_draft(crop.draft if crop else None)
    confident = conf >= DRAFT_CONFIDENCE and bool(text)
    return {"draft": text if confident else "", "confident": confident}


def _read_handwriting(png: bytes) -> tuple[str, float]:
    import cv2
    import numpy as np

    from .._exec.tesseract import available, ocr_block_scored

    if not available():
        return "", 0.0
    try:
        img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
        return ocr_block_scored(img) if img is not None else ("", 0.0)
    except Exception:  # a draft is a convenience; the reviewer types the text either way
        return "", 0.0


def _stored_draft(raw: str | None) -> tuple[str, float]:
    """(text, confidence) of a kept draft; a draft kept before confidences were (plain text) counts as unsure."""
    if not raw:
        return "", 0.0
    try:
        data = json.loads(raw)
    except ValueError:
        return raw, 0.0
    if not isinstance(data, dict):
        return raw, 0.0
    return str(data.get("text") or ""), float(data.get("conf") or 0.0)


