"""Issue 22 on the review page: a right-to-left form's words (question, option labels, the machine's reading, a
respondent's words, a roster cell) are set `dir="auto"`, so an Arabic label reads right to left with its question
mark where it belongs; the page's own Vietnamese words get no direction of their own, and everything stays escaped.
The page's script is run in node against a stub document (no browser): it draws an item built from an Arabic
form's template exactly as the server sends it, and the drawn HTML is read back."""

import json
import re
import shutil
import subprocess

import pytest

from scanner.review.app import ReviewApp
from scanner.review.online import LEFT_OUT
from scanner.review.words import question_title
from scanner.template import load_template
from tests.test_right_to_left import ARABIC_CHOICES, ARABIC_QUESTIONS, NOT_PRINTED, cli
from tests.test_way_in import form

NODE = shutil.which("node")

# a document whose every element takes any property and method: enough for the page's script to load and draw
HARNESS = r"""
const vm = require('vm'), fs = require('fs');
const [script, items] = [fs.readFileSync(process.argv[2], 'utf8'), JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))];
function stub(){ const o = {style: {}, dataset: {}, options: [], innerHTML: '', textContent: '', value: '', content: 'x'};
  return new Proxy(o, {get: (t, k) => k in t ? t[k] : (k === Symbol.iterator ? undefined : () => stub())}); }
const els = {};
const document = new Proxy({}, {get: (t, k) => k === 'getElementById' ? (id => els[id] || (els[id] = stub())) :
  k === 'activeElement' ? null : () => stub()});
const ctx = {document, window: new Proxy({}, {get: () => () => stub()}), location: {search: '', pathname: '/'},
  performance: {now: () => 0}, fetch: () => new Promise(() => {}), setTimeout: () => 0, setInterval: () => 0,
  clearTimeout: () => 0, Set, Map, JSON, Number, String, Array, Object, Promise, console};
vm.createContext(ctx);
vm.runInContext(script + '\n;globalThis.__show = show; globalThis.__row = onlineRowHtml;', ctx);
const out = items.map(it => { ctx.__show(it); return els['item'].innerHTML; });
process.stdout.write(JSON.stringify(out));
"""

DIRECTED = re.compile(r'<span dir="rtl">([^<]*)</span>')


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rtl_review")
    xlsx = form(tmp / "ar.xlsx", ARABIC_QUESTIONS, ARABIC_CHOICES,
                {"form_title": "مسح المياه", "form_id": "ar_only", "version": "1"})
    code, out, err = cli(["build", str(xlsx), "--out", str(tmp / "a.json")])
    assert code == 0 and NOT_PRINTED not in out + err, err
    return load_template(tmp / "a.json")


def _draw(tmp_path, template, items: list[dict]) -> list[str]:
    app = ReviewApp.__new__(ReviewApp)  # only page() is wanted: the served HTML with its config filled in
    app.csrf, app.heartbeat_every, app.idle, app.template = "t", 1.0, 1.0, template
    app.plan = type("Plan", (), {"units": []})()
    html = app.page().decode("utf-8")
    script = html.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    (tmp_path / "page.js").write_text(script, encoding="utf-8")
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "run.js").write_text(HARNESS, encoding="utf-8")
    done = subprocess.run([NODE or "node", str(tmp_path / "run.js"), str(tmp_path / "page.js"), str(tmp_path / "items.json")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="node runs the page's script")
def test_an_arabic_question_and_its_options_are_set_in_their_own_direction(arabic, tmp_path):
    q1, q2 = arabic.question("q1"), arabic.question("q2")
    assert arabic.right_to_left  # the template knows its labels' direction: the page sets it, not guesses it
    items = [{"kind": "question", "kind_vi": "Câu hỏi", "id": f"i{n}", "title": question_title(arabic, q.id), "sheet_label": "0001",
              "unit": None, "machine": [q.options[0].id], "decided": None, "confidence": 0.4,
              "reasons": ["đánh dấu mờ"], "extra": {}, "img": None,
              "choices": [{"id": o.id, "label": o.label} for o in q.options]} for n, q in enumerate((q1, q2))]
    items.append({"kind": "online_answer", "kind_vi": "Câu trả lời trực tuyến", "id": "o1", "title": question_title(arabic, q1.id),
                  "sheet_label": "Trực tuyến 3", "unit": None, "machine": None, "decided": None, "confidence": 0,
                  "reasons": [], "img": None, "extra": {"text": "نعم <b>"},
                  "choices": [{"id": o.id, "label": o.label} for o in q1.options] + [dict(LEFT_OUT)]})
    drawn = _draw(tmp_path, arabic, items)
    for it, h in zip(items, drawn):
        directed = DIRECTED.findall(h)
        # the title, every option's words and the machine's reading: each in an element of its own direction
        assert it["title"] in directed, h
        for c in it["choices"]:
            assert (c["label"] in directed) == (c["id"] != "-"), (c, h)  # "0 · bỏ qua…" is the page's own
        assert re.search(r'<button data-id="[^"]+">\d+ · <span dir="rtl">', h), h
        # the page's own words are never given a direction: every directed run holds Arabic letters
        assert all(re.search("[\u0600-\u06ff]", d) for d in directed), directed
    machine = f"1 · {items[0]['choices'][0]['label']}"
    assert machine in DIRECTED.findall(drawn[0]), drawn[0]
    # a respondent's words stay escaped inside their directed element
    assert '<span dir="rtl">نعم &lt;b&gt;</span>' in drawn[2] and "نعم <b>" not in drawn[2]
    assert "dir=" not in re.sub(r'<span dir="rtl">[^<]*</span>', "", drawn[0])  # nothing else is given a direction


@pytest.mark.skipif(NODE is None, reason="node runs the page's script")
def test_a_left_to_right_form_leaves_each_label_to_its_first_letter(template, tmp_path):
    """A Vietnamese form's labels are `dir="auto"`: they stay left to right, and a Hebrew option in it would not."""
    q = next(q for q in template.questions if q.options)
    item = {"kind": "question", "kind_vi": "Câu hỏi", "id": "i", "title": question_title(template, q.id),
            "sheet_label": "0001", "unit": None, "machine": None, "decided": None, "confidence": 0.4, "reasons": [],
            "extra": {}, "img": None, "choices": [{"id": o.id, "label": o.label} for o in q.options]}
    assert not template.right_to_left
    h = _draw(tmp_path, template, [item])[0]
    directed = re.findall(r'<span dir="auto">([^<]*)</span>', h)
    assert {item["title"], *(o.label for o in q.options)} <= set(directed) and 'dir="rtl"' not in h, h
