"""The per-side caches of reading, built once in the scan's parent process before its workers fork.

Each side of the form has its own rendered blank, printed mask, bleed-through gate samples, paper patches, print
positions and fingerprint zone, made on first use and kept. Left to the workers, every worker pays that again
and holds its own copy; built here first, forked workers inherit them read-only, so they are made once and their
memory is shared (counted once in the tree's PSS). Spawned workers (Windows, macOS) inherit nothing and make
their own, as before. Only what reading takes is kept: the back's whole patterns (three a side, 37 MB for the
four-side form) are made for the gates' samples and dropped, and made again only in a process that meets a page
whose back shows; the bare-outline and paper-clearance masks only for the print positions and patches made of them."""

from __future__ import annotations

from .bleed import prepare as prepare_bleed
from .box_place import inside_px, prepare_print_strength
from .ink import K
from .pipeline import prepare_fingerprint
from .reference import paper_patches, printed_mask
from .template import Template


def warm_sides(template: Template) -> None:
    """Every side's caches as reading a page of it would make them: nothing read differs, only when it is made."""
    for page in range(1, template.pages + 1):
        printed_mask(template, page, K)  # the print's mask; the others (its bare outline, the paper patches') are
        # made only for what is kept of them: the print's positions (prepare_print_strength) and the patches
        if template.marked_on(page):
            paper_patches(template, page, inside_px(template, page), K)
        prepare_bleed(template, page, K)
        prepare_fingerprint(template, page)
        prepare_print_strength(template, page)
