"""Generated scans kept between runs (conftest.corpus_kept, kept_corpora.generated): a kept copy is used only for the
very same recipe, and anything the generator draws from changes the recipe (issue 26)."""

from __future__ import annotations

import dataclasses
import shutil

import kept_corpora
import pytest
from kept_corpora import generated_recipe, kept_corpus

from scanner.template import load_template


def test_a_kept_corpus_is_used_for_its_own_recipe_only(pytestconfig, tmp_path):
    if getattr(pytestconfig, "cache", None) is None:
        pytest.skip("pytest's cache is off (-p no:cacheprovider): nothing is kept, every corpus is generated")
    made: list[str] = []

    def maker(mark: str):
        def make() -> bool:
            made.append(mark)
            (tmp_path / mark / "truth.jsonl").write_text(mark, encoding="utf-8")
            return True
        return make

    def failing() -> bool:
        made.append("failed")
        return False

    name = f"kept corpora test {tmp_path.name}"
    for mark in ("a", "b", "c", "d", "e"):
        (tmp_path / mark).mkdir()
    try:
        assert kept_corpus(pytestconfig, name, "recipe 1", tmp_path / "a", maker("a"))
        assert kept_corpus(pytestconfig, name, "recipe 1", tmp_path / "b", maker("b"))  # kept: not made again
        assert (tmp_path / "b" / "truth.jsonl").read_text(encoding="utf-8") == "a" and made == ["a"]
        assert kept_corpus(pytestconfig, name, "recipe 2", tmp_path / "c", maker("c"))  # another recipe: made
        assert made == ["a", "c"] and (tmp_path / "c" / "truth.jsonl").read_text(encoding="utf-8") == "c"
        assert not kept_corpus(pytestconfig, name, "recipe 3", tmp_path / "d", failing)  # a failure is not kept
        assert kept_corpus(pytestconfig, name, "recipe 3", tmp_path / "e", maker("e"))
        assert made == ["a", "c", "failed", "e"]
    finally:
        for old in pytestconfig.cache.mkdir("corpora").glob("kept_*"):
            if (old / "truth.jsonl").is_file() and (old / "truth.jsonl").read_text(encoding="utf-8") in ("a", "c", "e"):
                shutil.rmtree(old, ignore_errors=True)


def test_what_the_generator_draws_from_is_in_the_recipe(template, plan, tmp_path):
    """The template's every field (not the path it was loaded from), the plan and the arguments."""
    moved = tmp_path / "layout.json"
    shutil.copy(template.source, moved)
    same = load_template(moved)
    base = generated_recipe(template, plan, 4, 3, {"stack_size": 2})
    assert generated_recipe(same, plan, 4, 3, {"stack_size": 2}) == base  # the same form from another folder
    fewer = dataclasses.replace(template, questions=template.questions[:-1])
    q = template.questions[0]
    moved_box = dataclasses.replace(template, questions=(dataclasses.replace(
        q, options=(dataclasses.replace(q.options[0], box=dataclasses.replace(q.options[0].box, x=q.options[0].box.x + 1)),
                    *q.options[1:])), *template.questions[1:]))
    others = {generated_recipe(fewer, plan, 4, 3, {"stack_size": 2}),
              generated_recipe(moved_box, plan, 4, 3, {"stack_size": 2}),
              generated_recipe(template, dataclasses.replace(plan, units=plan.units[:-1]), 4, 3, {"stack_size": 2}),
              generated_recipe(template, plan, 5, 3, {"stack_size": 2}),
              generated_recipe(template, plan, 4, 4, {"stack_size": 2}),
              generated_recipe(template, plan, 4, 3, {"stack_size": 1})}
    assert len(others) == 6 and base not in others


@pytest.mark.parametrize("lib", ["uharfbuzz", "fonttools", "arabic-reshaper", "python-bidi", "pillow"])
def test_a_shaping_or_drawing_library_of_another_version_makes_a_new_corpus(monkeypatch, lib):
    """The ink of the printed text depends on the shaping libraries too, not only on the code and the templates."""
    base = kept_corpora._made_from.__wrapped__()
    assert kept_corpora._made_from.__wrapped__() == base
    installed = kept_corpora._library_version
    monkeypatch.setattr(kept_corpora, "_library_version", lambda name: "0.0.0-other" if name == lib else installed(name))
    assert kept_corpora._made_from.__wrapped__() != base


def test_another_cjk_font_file_makes_a_new_corpus(monkeypatch, tmp_path):
    """The CJK font the text is drawn with is the first of scripts.east_asian_candidates found on the machine."""
    import scanner.scripts

    font = tmp_path / "wqy-zenhei.ttc"
    font.write_bytes(b"font one")
    monkeypatch.setattr(scanner.scripts, "east_asian_candidates", lambda: [tmp_path / "missing.ttc", font])
    base = kept_corpora._made_from.__wrapped__()
    font.write_bytes(b"font two, longer")  # another size
    assert kept_corpora._made_from.__wrapped__() != base
    font.unlink()  # no CJK font on the machine
    assert kept_corpora._made_from.__wrapped__() != base
