"""Accuracy benchmark: scan a generated corpus and judge every question against the truth.

    python -m benchmarks.accuracy --corpus DIR [--db FILE] [--jobs N] [--json OUT]
    python -m benchmarks.accuracy --generate 1000 --seed 7 --corpus /tmp/corpus1000 [--cycle]
    python -m benchmarks.accuracy --template /tmp/ks24.json --generate 300 --corpus /tmp/ks24_300
    python -m benchmarks.accuracy --generate 40 --seed 5 --cycle --profiles world --stack 4 --corpus /tmp/w5

`--profiles world` takes the world's range (scanner/corpus/world.py: blank forms photocopied once or twice,
dark recycled paper, toner-faded 1-bit, phone photos at chat-app resolution, both sides of thin paper showing
through each other) with the flatbed profile beside them; or a comma-separated list of profiles.

`--template` judges a corpus of another questionnaire (built with `python cli.py build X.xlsx --out FILE`).

A question is right when accepted without review and equal to the truth; a
silent error when accepted without review and different; sent to review
otherwise. Questions the truth itself calls ambiguous are reported apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from scanner.batch import default_jobs, scan
from scanner.collate import aside_pages, collate
from scanner.kinds import CHOICE_KINDS, DIGIT_KINDS
from scanner.kinds.registry import record_value
from scanner.plan import load_plan
from scanner.store import Store
from scanner.template import DEFAULT_TEMPLATE, Template, load_template
from scanner.vocab import BoxState, PageState, ProblemKind

SCANNER_QUALITY = {"flatbed", "feeder", "lowres", "photocopy"}
LOST_REASONS = {"blank_on_bilevel", "no_marks_on_page", "blank_among_doubts", "blank_on_coarse_photo"}
MISSING_DIGIT = {"written_not_marked", "incomplete", "digit_gap"}  # what a digit grid's column left blank is asked as


def load_truth(corpus: Path) -> tuple[dict[tuple[str, int], dict], dict[str, dict]]:
    pages, sheets = {}, {}
    for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        x = json.loads(line)
        if x["type"] == "page":
            pages[(x["file"], x["page_index"])] = x
        else:
            sheets[x["sheet"]] = x
    return pages, sheets


def question_styles(sheet: dict, qid: str) -> list[str]:
    boxes = sheet["boxes"][qid].values()
    styles = sorted({f"{b['style']}/{b['pen']}" for b in boxes if b["state"] != "empty"})
    return styles or ["blank"]


def medium(sheet: dict, qid: str) -> str:
    """pencil or ink: what the question's marks were made with (a blank question: the sheet's pen). On a 1-bit
    scan a pencil mark is often broken or lost, and asked about; ink rarely is."""
    pens = {b["pen"] for b in sheet["boxes"][qid].values() if b["state"] != "empty" and b.get("pen")}
    return "pencil" if any(p.startswith("pencil") for p in pens or {sheet["pen"]}) else "ink"


def digits_lost(store: Store, sources: list[dict], truth_pages: list[dict], qid: str, side: int, sheet: dict) -> bool:
    """Whether a 1-bit scan kept nothing of one of a digit grid's marks: a bubble the person marked read as empty."""
    for src, tp in zip(sources, truth_pages, strict=True):
        if tp["kind"] == "form" and tp["side"] == side and "threshold" in tp["params"]:
            read = {b.option_id: b.state for b in store.box_readings(src["page_id"]) if b.question_id == qid}
            marked = [o for o, b in sheet["boxes"][qid].items() if b["state"] != "empty"]
            return any(read.get(o) == BoxState.empty for o in marked)
    return False


def evaluate(corpus: Path, db: Path, jobs: int, template: Template | None = None) -> dict[str, Any]:
    template = template or load_template()
    pages, sheets = load_truth(corpus)
    store = Store(db)
    scan(store, template, [str(corpus)], jobs=jobs, progress=sys.stderr.isatty())
    records = collate(store, template)
    counts = store.page_counts()
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    identified = id_total = 0
    seen_pages: set[tuple[str, int]] = set()
    examples: list[dict] = []
    reasons: Counter = Counter()
    for sh in records:
        rec = sh.record
        truth_pages = [pages[(Path(s["file"]).name, s["page"] - 1)] for s in rec.sources]
        for s, tp in zip(rec.sources, truth_pages, strict=True):
            seen_pages.add((Path(s["file"]).name, s["page"] - 1))
            if tp["kind"] == "form":
                tsheet = sheets[tp["sheet"]]
                if tsheet["printed_unit"] is not None:
                    id_total += 1
                    identified += int(rec.unit == tsheet["printed_unit"] and rec.sheet_serial == tsheet["serial"])
        forms = [tp for tp in truth_pages if tp["kind"] == "form"]
        if not forms:
            continue
        truth_sheet_ids = {tp["sheet"] for tp in forms}
        if len(truth_sheet_ids) != 1:
            cells["overall"]["mispaired_sheets"] += 1
            continue
        tsheet = sheets[forms[0]["sheet"]]
        side_profile = {tp["side"]: tp["profile"] for tp in forms}
        for q in template.marked_questions():
            if not set(q.pages) <= set(side_profile):
                continue
            if q.id in tsheet.get("not_generated", ()):
                cells["overall"]["not_generated"] += 1  # the generator could not answer it: nothing to judge
                continue
            got, want = rec.answers.get(q.id), tsheet["answers"][q.id]
            if q.type in DIGIT_KINDS:  # the truth states the value as the reader does; the record holds it typed
                want = record_value(q.type, want, q.digits, q.decimals)
            amb = q.id in tsheet["ambiguous"]
            if q.id in rec.uncertain:
                outcome = "review_ambiguous" if amb else "review"
                if not amb:
                    pids = [src["page_id"] for src in rec.sources]
                    stored = store.question_readings(pids).get(q.id)
                    why = list(stored.reasons) if stored else []
                    if want and why and set(why) <= LOST_REASONS:
                        outcome = "review_lost"  # the 1-bit scan kept nothing of the mark: a person must look
                    elif (q.type in DIGIT_KINDS and want and why and set(why) <= LOST_REASONS | MISSING_DIGIT
                          and digits_lost(store, rec.sources, truth_pages, q.id, q.page, tsheet)):
                        outcome = "review_lost"  # ... of a digit's mark, which leaves its column blank under a written digit
                    reasons.update(why or ["sheet"])
            elif got == want:
                outcome = "right"
            else:
                outcome = "silent_error"
                if len(examples) < 20:
                    examples.append({"record": rec.record_id, "question": q.id, "read": got, "truth": want,
                                     "ambiguous": tsheet["ambiguous"].get(q.id), "profile": side_profile[q.page],
                                     "styles": question_styles(tsheet, q.id)})
            groups = ["overall", f"profile:{side_profile[q.page]}",
                      f"kind:{'choice' if q.type in CHOICE_KINDS else q.type.value}"]
            styles = question_styles(tsheet, q.id)
            groups += [f"style:{st}" for st in styles]
            groups += sorted({f"mark:{st.split('/')[0]}" for st in styles} | {f"pen:{st.split('/')[-1]}" for st in styles
                                                                               if "/" in st})
            if side_profile[q.page] in SCANNER_QUALITY:
                groups.append("scanner_quality")
            groups.append(f"medium:{side_profile[q.page]}/{medium(tsheet, q.id)}")
            groups.append(f"read:{'grid' if q.type in DIGIT_KINDS else 'boxes'}/{side_profile[q.page]}")  # grids vs checkboxes per profile
            for g in groups:
                cells[g][outcome] += 1
                cells[g]["questions"] += 1
    aside = aside_pages(store, template)  # loose backs whose code was not read too
    stored = {(Path(p.path).name, p.idx) for p in aside}
    set_aside_forms: list[dict] = []
    for p in aside:
        tp = pages.get((Path(p.path).name, p.idx))
        if tp is not None and tp["kind"] == "form" and p.duplicate_of is None and p.state != PageState.duplicate:
            # a form page the reader did not read: counted per profile, with the reason it gave
            cells[f"profile:{tp['profile']}"]["form_pages_set_aside"] += 1
            cells["overall"]["form_pages_set_aside"] += 1
            set_aside_forms.append({"file": Path(p.path).name, "page": p.idx, "profile": tp["profile"],
                                    "reason": p.reason, "message": p.message,
                                    "params": {k: v for k, v in tp["params"].items() if k != "perspective"}})
    truth_pages = set(pages)
    copies = {(Path(p.path).name) for p in store.problems() if p.kind == ProblemKind.copy}
    accounted = {k for k in truth_pages if k in seen_pages or k in stored or k[0] in copies}
    result = {
        "corpus": str(corpus), "sheets_truth": len(sheets), "pages_truth": len(truth_pages),
        "pages_accounted": len(accounted), "pages_identified": identified, "pages_identifiable": id_total,
        "store_pages": counts.to_json(), "plain_review_reasons": dict(reasons.most_common()), "groups": {g: dict(v) for g, v in sorted(cells.items())}, "silent_examples": examples,
        "form_pages_set_aside": set_aside_forms,
    }
    store.close()
    return result


def rates(c: dict[str, int]) -> dict[str, float]:
    """review_plain: reviews of questions the truth does not call ambiguous, over those questions;
    review_needless: the same, less the questions whose marks a 1-bit scan lost entirely."""
    n = max(c.get("questions", 0), 1)
    plain = max(n - c.get("review_ambiguous", 0), 1)
    return {"right": c.get("right", 0) / n, "silent": c.get("silent_error", 0) / n,
            "review_plain": (c.get("review", 0) + c.get("review_lost", 0)) / plain,
            "review_needless": c.get("review", 0) / plain}


def table(result: dict[str, Any]) -> str:
    lines = [f"{'group':<34}{'questions':>10}{'right':>9}{'silent':>8}{'review':>8}{'needless%':>10}{'lost':>6}"
             f"{'all plain%':>11}{'ambig.':>8}{'aside':>7}"]
    for g, c in result["groups"].items():
        r = rates(c)
        lines.append(f"{g:<34}{c.get('questions', 0):>10}{c.get('right', 0):>9}{c.get('silent_error', 0):>8}"
                     f"{c.get('review', 0):>8}{100 * r['review_needless']:>9.2f}%{c.get('review_lost', 0):>6}"
                     f"{100 * r['review_plain']:>10.2f}%{c.get('review_ambiguous', 0):>8}"
                     f"{c.get('form_pages_set_aside', 0):>7}")
    lines.append("review: sent to review though the truth is plain; lost: of those, marks a 1-bit scan kept nothing of "
                 "(asked about by rule); needless% = review / plain questions; all plain% counts the lost too")
    lines.append("aside: form pages set aside (not read), per profile; their reasons are listed below the table")
    lines.append(f"reasons for reviews the truth does not call ambiguous: {result['plain_review_reasons']}")
    lines.append(f"pages accounted {result['pages_accounted']}/{result['pages_truth']}, "
                 f"identified {result['pages_identified']}/{result['pages_identifiable']}")
    return "\n".join(lines)


def profile_mix(spec: str | None) -> dict[str, float] | None:
    """The stacks' profiles, equally likely: None keeps the generator's own mix."""
    if not spec:
        return None
    from scanner.corpus.world import SHEET_PROFILES, WORLD_PROFILES

    names = (["flatbed", *WORLD_PROFILES, *SHEET_PROFILES] if spec == "world"
             else [n.strip() for n in spec.split(",") if n.strip()])
    return {n: 1.0 for n in names}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--generate", type=int, metavar="SHEETS", help="generate the corpus first")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cycle", action="store_true", help="with --generate: stacks take the scanning profiles in turn")
    ap.add_argument("--profiles", help="with --generate: 'world' or a comma-separated list of profiles")
    ap.add_argument("--stack", type=int, default=12, help="with --generate: sheets per stack")
    ap.add_argument("--db")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--template", default=str(DEFAULT_TEMPLATE), help="layout template the corpus was printed from")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    template = load_template(a.template)
    if a.generate:
        from scanner.corpus.generate import generate

        generate(template, load_plan(), a.generate, a.seed, corpus, cycle=a.cycle, stack_size=a.stack,
                 profiles=profile_mix(a.profiles))
    print(f"{template.survey_id}.{template.version} ({Path(a.template).name}): {template.pages} pages per sheet")
    report(corpus, a.jobs, template, a.json, Path(a.db) if a.db else None)


def report(corpus: Path, jobs: int, template: Template, json_out: str | None = None, db: Path | None = None) -> None:
    """Reads the corpus and prints its table, the pages set aside and the silent errors (the held-out
    benchmarks print the same); the figures go to `json_out` too when given."""
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate(corpus, db or Path(tmp) / "bench.db", jobs, template)
    print(table(result))
    for e in result["form_pages_set_aside"]:
        print("set aside:", json.dumps(e, ensure_ascii=False))
    for e in result["silent_examples"]:
        print("silent:", json.dumps(e, ensure_ascii=False))
    if json_out:
        Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
