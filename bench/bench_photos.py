"""Photo pipeline benchmark: draft-decoding process_photo vs a plain full decode + resize.

Run: ``.venv/bin/python -c "import bench.bench_photos as b; b.main()"``.
The input is a synthetic 12 MP phone-like JPEG (gradients, shapes, sensor-like noise,
quality 92, a few MB) built in memory, so the figures need no fixture files.
"""

from __future__ import annotations

import io
import random
import statistics

from PIL import Image, ImageDraw, ImageFilter

from bench.common import record, time_call
from gridworker.storage.photos import process_photo

WIDTH, HEIGHT = 4000, 3000
MAX_SIDE = 1600
QUALITY = 82
RUNS = 9


def synthetic_photo(width: int = WIDTH, height: int = HEIGHT, *, orientation: int = 1) -> bytes:
    """A phone-like JPEG: smooth lighting, soft-edged objects and per-pixel noise.

    Noise is what makes real photos expensive to code; without it a 12 MP JPEG is a few
    hundred KB and every timing looks unrealistically good.
    """
    rnd = random.Random(20240601)
    small = (width // 8, height // 8)
    # Smooth "sky to ground" lighting in three differently shaped channels.
    r = Image.linear_gradient("L").resize(small)
    g = Image.radial_gradient("L").resize(small)
    b = Image.linear_gradient("L").rotate(90).resize(small)
    base = Image.merge("RGB", (r, g, b))
    draw = ImageDraw.Draw(base)
    for _ in range(60):
        x, y = rnd.randrange(small[0]), rnd.randrange(small[1])
        rx, ry = rnd.randrange(10, small[0] // 4), rnd.randrange(10, small[1] // 4)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        shape = draw.ellipse if rnd.random() < 0.5 else draw.rectangle
        shape((x - rx, y - ry, x + rx, y + ry), fill=colour)
    base = base.filter(ImageFilter.GaussianBlur(1.5)).resize((width, height), Image.BICUBIC)
    # Fine detail (edges, texture) at full resolution, like foliage or brickwork.
    detail = ImageDraw.Draw(base)
    for _ in range(4000):
        x, y = rnd.randrange(width), rnd.randrange(height)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        detail.line((x, y, x + rnd.randrange(-40, 40), y + rnd.randrange(-40, 40)), fill=colour)
    noise = Image.merge("RGB", [Image.effect_noise((width, height), 40) for _ in range(3)])
    photo = Image.blend(base, noise, 0.18)
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0132] = "2024:06:01 09:30:00"
    if orientation != 1:
        exif[0x0112] = orientation
    photo.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def baseline(data: bytes) -> bytes:
    """What one writes without thinking: full-size decode, LANCZOS resize, save."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        rgb = img.convert("RGB")
    scale = MAX_SIDE / max(rgb.size)
    size = (round(rgb.width * scale), round(rgb.height * scale))
    small = rgb.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=QUALITY)
    return out.getvalue()


def main() -> None:
    landscape = synthetic_photo()
    portrait = synthetic_photo(orientation=6)  # stored 4000x3000, shown 3000x4000

    def run_pipeline() -> None:
        process_photo(landscape)

    def run_baseline() -> None:
        baseline(landscape)

    def run_portrait() -> None:
        process_photo(portrait)

    # Interleaved, so load from other processes on this shared machine hits both sides alike.
    for fn in (run_pipeline, run_baseline, run_portrait):
        fn()  # warm-up
    samples: dict[str, list[float]] = {"pipeline": [], "baseline": [], "portrait": []}
    for _ in range(RUNS):
        samples["pipeline"].append(time_call(run_pipeline))
        samples["baseline"].append(time_call(run_baseline))
        samples["portrait"].append(time_call(run_portrait))
    ms_pipeline, ms_baseline, ms_portrait = (
        statistics.median(samples[k]) * 1000 for k in ("pipeline", "baseline", "portrait")
    )
    result = process_photo(landscape)
    rotated = process_photo(portrait)
    record(
        "photos",
        {
            "source_megapixels": WIDTH * HEIGHT / 1e6,
            "source_kb": round(len(landscape) / 1024, 1),
            "process_photo_median_ms": round(ms_pipeline, 1),
            "baseline_full_decode_resize_median_ms": round(ms_baseline, 1),
            "speedup_vs_baseline": round(ms_baseline / ms_pipeline, 2),
            "stored_size": f"{result.width}x{result.height}",
            "stored_kb": round(len(result.jpeg) / 1024, 1),
            "thumbnail_kb": round(len(result.thumbnail) / 1024, 1),
            "portrait_exif6_median_ms": round(ms_portrait, 1),
            "portrait_stored_size": f"{rotated.width}x{rotated.height}",
            "portrait_stored_kb": round(len(rotated.jpeg) / 1024, 1),
            "runs": RUNS,
            "targets": "<=150 ms, >=3x baseline, <=400 KB",
        },
    )


if __name__ == "__main__":
    main()
