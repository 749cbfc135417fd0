"""The per-side caches of reading, built once in the scan's parent process before its workers fork.

Each side of the form has its own rendered blank, printed mask, bleed-through patterns and fingerprint zone,
made on first use and kept (for the four-side form about 0.5 s of CPU, most of it blurring the back's print
at three spreads, and about 70 MB). Left to the workers, every worker pays that again and holds its own copy;
built here first, forked workers inherit them read-only, so they are made once and their memory is shared
(counted once in the tree's PSS). Spawned workers (Windows, macOS) inherit nothing and make their own, as before.
"""

from __future__ import annotations

from .bleed import prepare as prepare_bleed
from .box_place import prepare_print_strength
from .ink import K
from .pipeline import prepare_fingerprint
from .reference import PATCH_CLEAR_MM, printed_mask
from .template import Template


def warm_sides(template: Template) -> None:
    """Every side's caches as reading a page of it would make them: nothing read differs, only when it is made."""
    for page in range(1, template.pages + 1):
        for dilate_mm in (0.6, 0.0, PATCH_CLEAR_MM):  # the print's mask, its bare outline (marks), the paper patches'
            printed_mask(template, page, K, dilate_mm)
        prepare_bleed(template, page, K)
        prepare_fingerprint(template, page)
        prepare_print_strength(template, page)
