"""Why a held-out corpus's plain questions went to a reviewer: each needless review given the cause its boxes show.

    python -m benchmarks.review_causes /tmp/p19 [more ...] [--json OUT]

Every form page is read as the scanner reads it (pipeline.read_page, no OCR) and judged side by side against the
generator's truth (truth.jsonl): a question the truth calls plain that the side sends to review is needless, and
its cause is what its boxes show against the truth, the worst first:
- "mark in doubt (PEN)": a box the person marked is read uncertain (PEN: the truth's pen, e.g. pencil_2h);
- "mark read empty (PEN)": a marked box is read empty and the question asked only by a page rule (no marks on the
  page, blanks among doubts) or by another box's doubt;
- "empty box in doubt": an empty box is read uncertain beside marks read right;
- "page rule, boxes right": every box read as the truth has it, the question asked by a page rule.
The review reasons the rules gave come beside each. Per side, so a question spanning two sides counts on each;
the accuracy benchmark's figures (benchmarks.accuracy) stay the reference for needless review and silent errors.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.accuracy import load_truth
from scanner.ingest import list_inputs, pages_of
from scanner.pipeline import read_page
from scanner.template import load_template
from scanner.vocab import AnswerStatus, BoxState

INKED = (BoxState.marked, BoxState.filled)


def cause(boxes: list[dict[str, Any]]) -> str:
    """The worst disagreement between a question's boxes as read and as marked (see the module's docstring)."""
    doubt = [b for b in boxes if b["truth"] != "empty" and b["state"] == BoxState.uncertain]
    if doubt:
        return f"mark in doubt ({doubt[0]['pen']})"
    lost = [b for b in boxes if b["truth"] != "empty" and b["state"] == BoxState.empty]
    if lost:
        return f"mark read empty ({lost[0]['pen']})"
    if any(b["truth"] == "empty" and b["state"] == BoxState.uncertain for b in boxes):
        return "empty box in doubt"
    if any(b["truth"] == "empty" and b["state"] in INKED for b in boxes):
        return "empty box read marked"
    return "page rule, boxes right"


def causes(corpus: Path) -> dict[str, Any]:
    template = load_template()
    pages, sheets = load_truth(corpus)
    tally: Counter[tuple[str, str]] = Counter()
    items: list[dict[str, Any]] = []
    aside: list[dict[str, Any]] = []
    questions = 0
    files, _ = list_inputs([str(corpus)])  # (truth.jsonl is no scan: listed as a problem, left alone)
    met: set[tuple[str, int]] = set()
    for src in (src for f in files for src in pages_of(f)):  # a PDF's or TIFF's every page, as the scanner takes them
        name = Path(src.file).name
        tp = pages.get((name, src.index))
        met.add((name, src.index))
        if tp is None or tp["kind"] != "form":
            continue
        res = read_page(src, template, use_ocr=False)
        if res.status != "form":
            aside.append({"file": name, "page": src.index + 1, "message": res.message})
            continue
        sheet = sheets[tp["sheet"]]
        for qid, qr in res.questions.items():
            if qid not in sheet["answers"] or qid in sheet.get("not_generated", ()):
                continue
            questions += 1
            if qr.status != AnswerStatus.review or qid in sheet["ambiguous"]:
                continue
            truth = sheet["boxes"].get(qid, {})
            boxes = [{"option": r.option_id, "state": r.state, "coverage": round(r.coverage, 3),
                      "truth": truth.get(r.option_id, {}).get("state", "empty"),
                      "style": truth.get(r.option_id, {}).get("style"), "pen": truth.get(r.option_id, {}).get("pen")}
                     for r in res.readings if r.question_id == qid]
            why = ",".join(str(r.value) for r in qr.reasons)
            tally[(cause(boxes), why)] += 1
            items.append({"file": name, "question": qid, "cause": cause(boxes), "reasons": why,
                          "boxes": [b | {"state": str(b["state"].value)} for b in boxes]})
    aside += [{"file": name, "page": idx + 1, "message": "not among the corpus's pages"}  # never read: said, not
              for (name, idx), tp in sorted(pages.items()) if tp["kind"] == "form" and (name, idx) not in met]  # lost
    return {"corpus": str(corpus), "questions": questions, "needless": len(items), "aside": aside,
            "causes": [{"cause": c, "reasons": w, "count": n} for (c, w), n in tally.most_common()], "items": items}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--json")
    a = ap.parse_args()
    results = []
    for c in a.corpus:
        r = causes(Path(c))
        results.append(r)
        print(f"{c}: {r['needless']} needless reviews of {r['questions']} questions read per side; "
              f"{len(r['aside'])} form pages set aside")
        for x in r["causes"]:
            print(f"  {x['count']:>4}  {x['cause']:<34} {x['reasons']}")
        for x in r["aside"]:
            print(f"  aside: {x['file']} p{x['page']}: {x['message']}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
