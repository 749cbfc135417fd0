"""The blank sides and the bleed gates' samples kept on disk between runs (scanner/side_store.py): a run that
finds them kept draws nothing and reads with the very arrays a run that draws them makes; anything they are made
from that changes (the template's bytes, a module, a library) makes them again."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from scanner import bleed, reference, side_store
from scanner.box_place import inside_px
from scanner.ink import K
from scanner.template import DEFAULT_TEMPLATE, load_template


def _forget() -> None:
    """What one process keeps in memory, forgotten: the next call behaves as in a fresh run."""
    for c in (reference._rendered, reference._blank_pdf, reference._paper_patches, bleed._gate_samples):
        c.cache_clear()


@pytest.fixture()
def kept(tmp_path, monkeypatch):
    monkeypatch.setenv(side_store.CACHE_ENV, str(tmp_path / "kept"))
    _forget()
    yield tmp_path / "kept"
    _forget()


def _made_afresh(monkeypatch, page: int) -> tuple[np.ndarray, dict, tuple]:
    monkeypatch.setenv(side_store.CACHE_ENV, "off")
    _forget()
    template = load_template()
    side = reference.rendered_side(template, page, K).copy()
    gates = bleed._gate_samples(template.source, page, K)
    assert gates is not None
    return side, dict(gates.samples), reference.paper_patches(template, page, inside_px(template, page), K)


def test_a_second_run_reads_the_kept_side_and_gates_without_drawing_them(kept, monkeypatch):
    template = load_template()
    first = reference.rendered_side(template, 2, K).copy()
    gates = bleed._gate_samples(template.source, 2, K)
    patches = reference.paper_patches(template, 2, inside_px(template, 2), K)
    assert gates is not None and {p.name.split("-")[0] for p in kept.iterdir()} == {"gates", "rendered", "patches"}
    _forget()

    def never(*args, **kwargs):
        raise AssertionError("drawn again although kept")

    monkeypatch.setattr(reference, "_render", never)
    monkeypatch.setattr(bleed, "_make_gate_samples", never)
    monkeypatch.setattr(reference, "_find_paper_patches", never)
    again = reference.rendered_side(template, 2, K)
    kept_gates = bleed._gate_samples(template.source, 2, K)
    kept_patches = reference.paper_patches(template, 2, inside_px(template, 2), K)
    assert kept_gates is not None and not again.flags.writeable
    monkeypatch.undo()
    fresh_side, fresh_gates, fresh_patches = _made_afresh(monkeypatch, 2)
    assert len(fresh_patches) > 10 and kept_patches == patches == fresh_patches
    assert all(type(v) is int for p in kept_patches for v in p)
    assert again.dtype == fresh_side.dtype and np.array_equal(again, fresh_side) and np.array_equal(first, fresh_side)
    assert kept_gates.shape == gates.shape and kept_gates.samples.keys() == fresh_gates.keys()
    for k, v in fresh_gates.items():  # the same floats, bit for bit
        assert kept_gates.samples[k].dtype == v.dtype and kept_gates.samples[k].tobytes() == v.tobytes()
        assert not kept_gates.samples[k].flags.writeable


def test_a_changed_template_is_drawn_again(kept, tmp_path):
    copy = tmp_path / "form.json"
    shutil.copy(DEFAULT_TEMPLATE, copy)
    before = side_store.key("rendered", str(copy), 1, K)
    copy.write_bytes(copy.read_bytes() + b"\n")  # the same form to the parser, other bytes: kept apart all the same
    assert before is not None and side_store.key("rendered", str(copy), 1, K) != before
    assert side_store.key("rendered", str(copy), 2, K) != side_store.key("rendered", str(copy), 1, K)


def test_a_changed_module_makes_a_new_key(kept, tmp_path, monkeypatch):
    package = tmp_path / "package"
    package.mkdir()
    (package / "forms.py").write_text("A = 1\n")
    monkeypatch.setattr(side_store, "_PACKAGE", package)
    side_store._code_stamp.cache_clear()
    try:
        before = side_store.key("rendered", str(DEFAULT_TEMPLATE), 1, K)
        (package / "forms.py").write_text("A = 22\n")  # another size
        side_store._code_stamp.cache_clear()
        assert side_store.key("rendered", str(DEFAULT_TEMPLATE), 1, K) != before
    finally:
        side_store._code_stamp.cache_clear()


def test_a_damaged_kept_file_is_drawn_again(kept, monkeypatch):
    template = load_template()
    reference.rendered_side(template, 1, K)
    for p in kept.iterdir():
        p.write_bytes(p.read_bytes()[:100])
    _forget()
    got = reference.rendered_side(template, 1, K).copy()
    fresh, _, _ = _made_afresh(monkeypatch, 1)
    assert np.array_equal(got, fresh)


def test_keeping_off_writes_nothing(tmp_path, monkeypatch):
    for off in ("", "off"):
        monkeypatch.setenv(side_store.CACHE_ENV, off)
        assert side_store.folder() is None and side_store.key("rendered", str(DEFAULT_TEMPLATE), 1, K) is None
    monkeypatch.delenv(side_store.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert side_store.folder() == tmp_path / "survey-scanner" / "sides"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # never a folder under wherever the scan runs
    assert side_store.folder() is None


def test_the_oldest_kept_files_are_given_up_beyond_the_limit(kept, monkeypatch):
    monkeypatch.setattr(side_store, "KEEP_FILES", 3)
    for i in range(5):
        side_store.save(f"x-{i}", {"a": np.full(3, i)})
        stamp = 1_000_000_000 * (i + 1)
        os.utime(kept / f"x-{i}.npy", ns=(stamp, stamp))  # made in this order, whatever the clock's resolution
    side_store.save("x-5", {"a": np.full(3, 5)})
    assert sorted(p.name for p in kept.iterdir()) == ["x-3.npy", "x-4.npy", "x-5.npy"]
    got = side_store.load("x-4")
    assert got is not None and got["a"].tolist() == [4, 4, 4] and side_store.load("x-0") is None
