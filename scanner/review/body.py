"""A request's body: one JSON object, refused with a 400 naming what was wrong before it can cost anything."""

from __future__ import annotations

import json
from typing import Any

from ..errors import RequestRefused


def body_object(raw: bytes) -> dict[str, Any]:
    """A request body as a JSON object, or a 400 naming what was wrong."""
    if _depth(raw) > MAX_DEPTH:
        raise RequestRefused(400, f"Nội dung yêu cầu lồng quá {MAX_DEPTH} tầng (JSON nested too deeply)")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RequestRefused(400, "Nội dung yêu cầu không phải JSON (body is not JSON)") from None
    if not isinstance(body, dict):
        raise RequestRefused(400, "Nội dung yêu cầu phải là một đối tượng JSON (body must be a JSON object)")
    return body


MAX_DEPTH = 8  # the page's bodies nest two levels; deeper is a probe, refused before the parser recurses


def _depth(raw: bytes) -> int:
    """How deep brackets nest, counting outside strings only (a bracket typed in a comment is text)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
