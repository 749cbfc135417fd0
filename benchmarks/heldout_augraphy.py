"""Held-out scans degraded by other hands: Augraphy's photocopy, fax and phone-photo effects on our filled forms.

    pip install -e '.[heldout]'
    python -m benchmarks.heldout_augraphy --sheets 40 --seed 5 --corpus /tmp/aug5 [--hands copy,fax,photo]

The project's own degradation models were tuned on its own generator; this benchmark is the check that they
hold on a degradation nobody here wrote. Filled sheets are drawn clean (the `flatbed` profile, loose PNG pages),
then each stack is passed through one Augraphy pipeline ("hand") built only from effects that change how the
paper, toner, fax or camera renders what is printed and marked (never ones that add pen strokes such as
Markup or Scribbles, which would make the truth wrong), and the corpus is judged by the accuracy benchmark's
own `evaluate`, grouped per hand.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from benchmarks.accuracy import report
from scanner.batch import default_jobs
from scanner.plan import load_plan
from scanner.template import DEFAULT_TEMPLATE, load_template

HANDS = ("copy", "copy2", "fax", "photo", "texture", "flatbed")


def pipeline(hand: str, seed: int) -> Any:
    """The Augraphy pipeline of one hand; `seed` fixes its random draws."""
    try:
        import augraphy as ag
    except ImportError as exc:  # an optional extra: say how to get it
        raise SystemExit("Augraphy is not installed: run `pip install -e '.[heldout]'` and try again.") from exc
    if hand == "copy":  # one photocopy: toner a little spread, a few specks, grey paper, as an office copier does
        post = [ag.InkBleed(intensity_range=(0.2, 0.4), kernel_size=(3, 3), p=0.7),
                ag.BadPhotoCopy(noise_iteration=(1, 1), noise_value=(160, 220), noise_sparsity=(0.85, 0.95),
                                noise_concentration=(0.02, 0.08), p=1),
                ag.Brightness(brightness_range=(0.85, 1.0), p=1),
                ag.SubtleNoise(p=1), ag.Jpeg(quality_range=(60, 90), p=1)]
    elif hand == "copy2":  # a copy of a copy: heavier spread, more specks, darker paper; every mark still plain
        post = [ag.InkBleed(intensity_range=(0.4, 0.6), kernel_size=(3, 3), p=1),
                ag.BadPhotoCopy(noise_iteration=(1, 2), noise_value=(128, 200), noise_sparsity=(0.75, 0.9),
                                noise_concentration=(0.05, 0.15), p=1),
                ag.Brightness(brightness_range=(0.75, 0.9), p=1),
                ag.SubtleNoise(p=1), ag.Jpeg(quality_range=(50, 80), p=1)]
    elif hand == "texture":  # fibrous or recycled paper scanned: a mild texture a reader does not notice
        post = [ag.NoiseTexturize(sigma_range=(2, 5), p=1), ag.SubtleNoise(p=1),
                ag.Jpeg(quality_range=(70, 90), p=1)]
    elif hand == "flatbed":  # a flatbed scan proper: plain paper, the lamp a little brighter or duller, sensor noise
        post = [ag.Brightness(brightness_range=(0.92, 1.05), p=1), ag.Gamma(gamma_range=(0.85, 1.15), p=1),
                ag.SubtleNoise(p=1), ag.Jpeg(quality_range=(75, 95), p=1)]
    elif hand == "fax":  # 1-bit fax
        post = [ag.Faxify(scale_range=(1.0, 1.15), monochrome=1, monochrome_method="threshold_otsu",
                          halftone=0, p=1),
                ag.LowInkRandomLines(count_range=(3, 8), p=0.5)]
    elif hand == "photo":  # a phone photo: uneven light, a shadow, a gentle fold, a small and compressed picture
        post = [ag.LightingGradient(max_brightness=255, min_brightness=120, p=1),
                ag.ShadowCast(shadow_opacity_range=(0.3, 0.6), p=0.7),
                ag.Folding(fold_count=1, fold_noise=0.0, gradient_width=(0.1, 0.2), gradient_height=(0.005, 0.01),
                           p=0.5),
                ag.NoiseTexturize(sigma_range=(2, 5), p=1),
                ag.Jpeg(quality_range=(55, 80), p=1)]
    else:
        raise SystemExit(f"unknown hand {hand!r}: choose from {', '.join(HANDS)}")
    return ag.AugraphyPipeline(ink_phase=[], paper_phase=[], post_phase=post, random_seed=seed)


def degrade_page(path: Path, hand: str, seed: int) -> Path:
    """Rewrites one clean page as the hand would have; returns the new file (fax pages become 1-bit TIFF)."""
    img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    out = pipeline(hand, seed)(img)
    if out.ndim == 3:
        out = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY)
    if hand == "photo":  # chat apps send about 1,100 x 1,500 pixels for a page
        scale = 1500 / max(out.shape)
        out = cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    path.unlink()
    if hand == "fax":
        from PIL import Image

        new = path.with_suffix(".tif")
        Image.fromarray(np.where(out > 127, 255, 0).astype(np.uint8)).convert("1").save(
            new, "TIFF", compression="group4", dpi=(200, 200))
        return new
    new = path.with_suffix(".jpg")
    cv2.imwrite(str(new), out, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return new


def clean_sheets(corpus: Path, sheets: int, seed: int, stack: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Filled sheets drawn clean (the flatbed profile, loose PNG pages) for a held-out hand to degrade: the truth's
    lines and the stacks' names. Every held-out benchmark starts from these."""
    from scanner.corpus.generate import generate

    generate(load_template(), load_plan(), sheets, seed, corpus, stack_size=stack, profiles={"flatbed": 1.0},
             kind="png")
    lines = [json.loads(x) for x in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return lines, sorted({x["file"].rsplit("_", 1)[0] for x in lines if x["type"] == "page"})


def write_truth(corpus: Path, lines: list[dict[str, Any]]) -> None:
    (corpus / "truth.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n"
                                                for x in lines), encoding="utf-8")


def build(corpus: Path, sheets: int, seed: int, hands: list[str], stack: int) -> None:
    lines, stacks = clean_sheets(corpus, sheets, seed, stack)
    renamed: dict[str, str] = {}
    for i, name in enumerate(stacks):
        hand = hands[i % len(hands)]
        for f in sorted(corpus.glob(f"{name}_*.png")):
            renamed[f.name] = degrade_page(f, hand, seed * 1000 + len(renamed)).name
        for x in lines:
            if x["type"] == "page" and x["file"].rsplit("_", 1)[0] == name:
                x["profile"] = f"augraphy_{hand}"
    for x in lines:
        if x["type"] == "page":
            x["file"] = renamed.get(x["file"], x["file"])
    write_truth(corpus, lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--sheets", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--stack", type=int, default=5)
    ap.add_argument("--hands", default=",".join(HANDS))
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--json")
    a = ap.parse_args()
    corpus = Path(a.corpus)
    if not (corpus / "truth.jsonl").exists():
        build(corpus, a.sheets, a.seed, [h.strip() for h in a.hands.split(",") if h.strip()], a.stack)
    report(corpus, a.jobs, load_template(DEFAULT_TEMPLATE), a.json)


if __name__ == "__main__":
    main()
