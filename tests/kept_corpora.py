"""Generated corpora kept between runs in pytest's cache (conftest's session corpora through corpus_cache and
shared_dir, a test's own through the corpus_kept fixture, generated and samples_generated): keyed by everything
the generator draws from, so a kept copy is only ever the very same bytes a new generation would write."""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# What a generated corpus depends on besides its own arguments: the toolkit's code and bundled templates, and the
# libraries that draw, compress and wrap its pages.
# uharfbuzz and fontTools shape the Indic, Tibetan, Syriac, Thaana and N'Ko runs, arabic-reshaper and python-bidi
# the right-to-left ones (scanner/fonts_rtl.py): a change there moves only ink, so it must make a new corpus too.
_CORPUS_LIBRARIES = ("numpy", "opencv-python-headless", "pillow", "reportlab", "img2pdf", "pypdf", "pypdfium2",
                     "segno", "zxing-cpp", "pillow-heif", "uharfbuzz", "fonttools", "arabic-reshaper", "python-bidi")


def _library_version(lib: str) -> str:
    """The installed version of `lib`, or "" when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(lib)
    except PackageNotFoundError:
        return ""


def _cjk_font_stamp() -> str:
    """The machine's CJK font the printed text is drawn with (scripts.east_asian_candidates, the first file found),
    by path, size and modification time; "" without one."""
    from scanner.scripts import east_asian_candidates

    for path in east_asian_candidates():
        if path.is_file():
            st = path.stat()
            return f"{path}:{st.st_size}:{st.st_mtime_ns}"
    return ""


def corpus_cache(config, name: str, recipe: str) -> Path | None:
    """Where a corpus built by `recipe` is kept between runs: pytest's cache folder, under a name that is the hash
    of the recipe, of every file of scanner/ and templates/, and of the drawing libraries' versions, so any change
    to what the corpus is made from makes a new one (the old ones of that name are removed when it is kept).
    None when pytest's cache is off (-p no:cacheprovider)."""
    import hashlib

    if getattr(config, "cache", None) is None:
        return None
    h = hashlib.sha256(recipe.encode() + b"\0" + _made_from().encode())
    return config.cache.mkdir("corpora") / f"{name}-{h.hexdigest()[:20]}"


@functools.cache
def _made_from() -> str:
    """The hash of every file of scanner/ and templates/, of the drawing and shaping libraries' versions, of the CJK
    font file and of poppler's version, taken once per process: the code does not change while the tests run, and
    the sweep asks for it once a form."""
    import hashlib

    h = hashlib.sha256()
    for folder in ("scanner", "templates"):
        for p in sorted((ROOT / folder).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    for lib in _CORPUS_LIBRARIES:
        h.update(f"{lib}={_library_version(lib)}\0".encode())
    h.update(f"cjk font {_cjk_font_stamp()}\0".encode())
    try:  # poppler rasterises the printed sides the generator writes on (corpus.papers)
        import subprocess

        h.update(subprocess.run(["pdftoppm", "-v"], capture_output=True, timeout=30).stderr)
    except (OSError, subprocess.SubprocessError):
        h.update(b"no poppler")
    return h.hexdigest()


def generated(config, name: str, template, plan, n_sheets: int, seed: int, out: Path, **kwargs) -> None:
    """scanner.corpus.generate's corpus written into `out`, or the copy an earlier run kept of the very same
    (corpus_kept; `name`: the test's, one per corpus it draws): keyed by every field of the template and the plan
    (the template's file by its bytes, not its temporary path) and the arguments, so a test's own questionnaire,
    changed, is drawn anew."""
    from scanner.corpus.generate import generate

    def make() -> bool:
        generate(template, plan, n_sheets, seed, out, **kwargs)
        return True

    kept_corpus(config, name, generated_recipe(template, plan, n_sheets, seed, kwargs), out, make)


def generated_recipe(template, plan, n_sheets: int, seed: int, kwargs: dict) -> str:
    """What generate() draws from, as a hash: every field of the template (its file by its bytes, not the path it was
    loaded from) and of the plan, and the arguments."""
    import dataclasses
    import hashlib

    fields = dataclasses.asdict(template)
    source = Path(fields.pop("source", "") or "")
    recipe = json.dumps([fields, dataclasses.asdict(plan), n_sheets, seed, kwargs], default=str, sort_keys=True)
    return hashlib.sha256(recipe.encode() + (source.read_bytes() if source.is_file() else b"")).hexdigest()


def samples_generated(config, name: str, layout: Path, args: list[str], corpus: Path) -> bool:
    """`survey --template LAYOUT samples generate ARGS --out CORPUS` in this process, True when it succeeded; or the
    copy an earlier run kept of the same (corpus_kept), keyed by the arguments and the layout's bytes."""
    import hashlib

    from scanner.cli import main

    recipe = " ".join(args) + " template " + hashlib.sha256(Path(layout).read_bytes()).hexdigest()
    return kept_corpus(config, name, recipe, corpus,
                       lambda: main(["--template", str(layout), "samples", "generate", *args, "--out", str(corpus)]) == 0)


def kept_corpus(config, name: str, recipe: str, corpus: Path, make: Callable[[], bool]) -> bool:
    """See corpus_kept."""
    import hashlib

    # the name alone (no '-': keep_built removes a name's older versions by it) stays the same across changes
    kept = corpus_cache(config, "kept_" + hashlib.sha256(name.encode()).hexdigest()[:16], recipe)
    if kept is not None and kept.is_dir():
        shutil.copytree(kept, corpus, dirs_exist_ok=True)
        return True
    if not make():
        return False
    if kept is not None:
        keep_built(corpus, kept)
    return True


def keep_built(out: Path, cache: Path) -> None:
    """Copies a freshly built corpus into the cache (renamed into place whole, so a run stopped half-way leaves
    nothing a later run would take for a corpus) and removes that corpus's older versions."""
    name = cache.name.rsplit("-", 1)[0]
    for old in cache.parent.glob(f"{name}-*"):
        shutil.rmtree(old, ignore_errors=True)
    partial = cache.parent / f".{cache.name}.{os.getpid()}"
    shutil.copytree(out, partial)
    try:
        partial.rename(cache)
    except OSError:  # another run kept it first
        shutil.rmtree(partial, ignore_errors=True)
