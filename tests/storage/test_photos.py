"""Photo pipeline: orientation, sizing, colour modes, metadata privacy, hostile input, store."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from gridworker.domain.entities import PhotoRef
from gridworker.domain.errors import ValidationError
from gridworker.storage import photo_pipeline, photos
from gridworker.storage.photos import PhotoRejected, PhotoStore, process_photo

TAG_ORIENTATION = 0x0112
TAG_DATETIME = 0x0132
TAG_EXIF_IFD = 0x8769
TAG_DATETIME_ORIGINAL = 0x9003
TAG_GPS_IFD = 0x8825


def _picture(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Something with structure (not flat), so resizing and orientation are observable."""
    img = Image.new("RGB", size, (30, 90, 160))
    draw = ImageDraw.Draw(img)
    w, h = size
    draw.rectangle((0, 0, w // 2, h // 3), fill=(220, 40, 40))  # red block, top-left
    draw.ellipse((w // 3, h // 3, w - 1, h - 1), fill=(240, 220, 60))
    return img.convert(mode) if mode != "RGB" else img


def _jpeg(img: Image.Image, exif: Image.Exif | None = None, **kwargs: object) -> bytes:
    out = io.BytesIO()
    if exif is not None:
        kwargs["exif"] = exif.tobytes()
    img.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _rejected(source: object) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as info:
        process_photo(source)  # type: ignore[arg-type]
    err = info.value
    assert isinstance(err, ValidationError)
    assert err.field == "photo"
    assert err.message and not err.message.isascii()  # a Chinese sentence for the user
    return err


# ------------------------------------------------------------------ sizing and orientation


def test_large_jpeg_is_resized_to_longest_side_1600() -> None:
    result = process_photo(_jpeg(_picture((3200, 2400))))
    assert (result.width, result.height) == (1600, 1200)
    with Image.open(io.BytesIO(result.jpeg)) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 1200) and stored.mode == "RGB"
    with Image.open(io.BytesIO(result.thumbnail)) as thumb:
        assert max(thumb.size) == 240
    assert result.sha256 == hashlib.sha256(result.jpeg).hexdigest()


def test_small_image_is_not_upscaled() -> None:
    result = process_photo(_jpeg(_picture((640, 480))))
    assert (result.width, result.height) == (640, 480)


def test_exif_orientation_6_becomes_portrait_with_full_long_side() -> None:
    exif = Image.Exif()
    exif[TAG_ORIENTATION] = 6  # stored landscape, camera held upright
    result = process_photo(_jpeg(_picture((3200, 2400)), exif))
    assert (result.width, result.height) == (1200, 1600)
    with Image.open(io.BytesIO(result.jpeg)) as stored:
        # Rotated 90° clockwise: the red top-left block is now top-right.
        assert stored.getexif().get(TAG_ORIENTATION) is None
        r, g, b = stored.convert("RGB").getpixel((1150, 50))
        assert r > 180 and g < 90 and b < 90


def test_ref_carries_the_stored_metadata() -> None:
    result = process_photo(_jpeg(_picture((800, 600))))
    assert result.ref() == PhotoRef(
        sha256=result.sha256,
        width=800,
        height=600,
        size_bytes=len(result.jpeg),
        captured_at=None,
    )
    assert "jpeg" not in repr(result) or len(repr(result)) < 400  # no megabytes in logs


# ------------------------------------------------------------------ colour modes and formats


def test_rgba_png_is_composited_on_white() -> None:
    img = Image.new("RGBA", (300, 200), (0, 0, 0, 0))  # fully transparent
    ImageDraw.Draw(img).rectangle((0, 0, 99, 199), fill=(0, 0, 255, 255))
    result = process_photo(_png(img))
    with Image.open(io.BytesIO(result.jpeg)) as stored:
        assert stored.mode == "RGB"
        assert all(c > 240 for c in stored.getpixel((250, 100)))  # white, not black
        r, _g, b = stored.getpixel((50, 100))
        assert b > 200 and r < 40


def test_cmyk_jpeg_becomes_rgb() -> None:
    result = process_photo(_jpeg(_picture((400, 300), "CMYK")))
    with Image.open(io.BytesIO(result.jpeg)) as stored:
        assert stored.mode == "RGB" and stored.size == (400, 300)


@pytest.mark.parametrize("mode", ["P", "LA", "L", "1", "I;16"])
def test_other_modes_become_rgb(mode: str) -> None:
    img = _picture((200, 100)).convert("L") if mode in ("LA", "I;16") else _picture((200, 100))
    img = img.convert(mode) if mode != "I;16" else img.point(lambda v: v * 256).convert("I;16")
    result = process_photo(_png(img))
    with Image.open(io.BytesIO(result.jpeg)) as stored:
        assert stored.mode == "RGB"
        if mode == "I;16":  # 16-bit range scaled, not clipped to white
            assert stored.convert("L").getextrema()[0] < 200


@pytest.mark.parametrize("fmt", ["WEBP", "BMP", "GIF", "TIFF"])
def test_accepted_formats(fmt: str) -> None:
    out = io.BytesIO()
    _picture((300, 200)).save(out, fmt)
    assert (process_photo(out.getvalue()).width, process_photo(out.getvalue()).height) == (
        300,
        200,
    )


def test_path_source(tmp_path: Path) -> None:
    path = tmp_path / "照片.jpg"
    path.write_bytes(_jpeg(_picture((500, 400))))
    result = process_photo(path)
    assert result.source_bytes == path.stat().st_size
    assert result.sha256 == process_photo(path.read_bytes()).sha256


# ------------------------------------------------------------------ metadata


def test_capture_time_from_exif_date_time_original() -> None:
    exif = Image.Exif()
    exif[TAG_DATETIME] = "2024:07:02 08:00:00"
    exif.get_ifd(TAG_EXIF_IFD)[TAG_DATETIME_ORIGINAL] = "2024:06:01 09:30:15"
    result = process_photo(_jpeg(_picture((400, 300)), exif))
    assert result.captured_at == datetime(2024, 6, 1, 9, 30, 15)
    assert result.ref().captured_at == result.captured_at


def test_capture_time_falls_back_to_date_time_and_ignores_junk() -> None:
    exif = Image.Exif()
    exif[TAG_DATETIME] = "2023:12:31 23:59:59"
    assert process_photo(_jpeg(_picture((64, 64)), exif)).captured_at == datetime(
        2023, 12, 31, 23, 59, 59
    )
    exif[TAG_DATETIME] = "0000:00:00 00:00:00"
    assert process_photo(_jpeg(_picture((64, 64)), exif)).captured_at is None


def test_gps_and_other_metadata_are_stripped() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(TAG_GPS_IFD).update({1: "N", 2: (30.0, 15.0, 0.0), 3: "E", 4: (120.0, 9.0, 0.0)})
    exif.get_ifd(TAG_EXIF_IFD)[TAG_DATETIME_ORIGINAL] = "2024:06:01 09:30:15"
    source = _jpeg(_picture((800, 600)), exif, comment=b"home of Zhang San")
    assert b"PhoneMaker" in source
    result = process_photo(source)
    for blob in (result.jpeg, result.thumbnail):
        assert b"Exif\x00\x00" not in blob
        assert b"PhoneMaker" not in blob and b"Zhang San" not in blob
        with Image.open(io.BytesIO(blob)) as stored:
            assert not stored.getexif().get_ifd(TAG_GPS_IFD)
            assert "exif" not in stored.info and "comment" not in stored.info
    assert result.captured_at == datetime(2024, 6, 1, 9, 30, 15)  # kept as metadata only


def test_same_input_gives_same_hash() -> None:
    source = _jpeg(_picture((2000, 1500)))
    assert process_photo(source).sha256 == process_photo(bytes(source)).sha256


# ------------------------------------------------------------------ hostile and broken input


def test_truncated_jpeg_is_rejected() -> None:
    whole = _jpeg(Image.effect_noise((800, 600), 50).convert("RGB"))
    err = _rejected(whole[: int(len(whole) * 0.6)])
    assert err.code == "photo_truncated"


def test_truncated_png_is_rejected() -> None:
    whole = _png(Image.effect_noise((400, 300), 50))
    assert _rejected(whole[: int(len(whole) * 0.6)]).code == "photo_truncated"


@pytest.mark.parametrize(
    "data",
    [os.urandom(4096), "网格员走访记录\n".encode() * 50, b"", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"],
    ids=["random", "text", "empty", "pdf"],
)
def test_non_images_are_rejected(data: bytes) -> None:
    assert _rejected(data).code == "photo_not_image"


def test_text_file_path_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("这不是照片", encoding="utf-8")
    assert _rejected(path).code == "photo_not_image"


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    err = _rejected(tmp_path / "gone.jpg")
    assert err.code == "photo_missing"
    assert "gone.jpg" in err.message


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose IHDR declares ``width`` x ``height``: decoding it would need
    gigabytes, so the declared size must be checked first."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_decompression_bomb_is_rejected_before_decoding() -> None:
    bomb = _png_header_only(100_000, 100_000)
    assert len(bomb) < 200
    assert _rejected(bomb).code == "photo_too_large"


def test_pixel_limit_does_not_depend_on_pillows_global(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # someone disabled Pillow's guard
    err = _rejected(_png_header_only(10_000, 9_000))  # 90 MP > our 80 MP
    assert err.code == "photo_too_large"
    assert "10000×9000" in err.message


def test_pillow_bomb_warning_becomes_our_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # warning above 1000, error above 2000
    assert _rejected(_png(_picture((40, 40)))).code == "photo_too_large"


def test_file_too_big_is_rejected_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photo_pipeline, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "huge.jpg"
    path.write_bytes(_jpeg(Image.effect_noise((300, 300), 60).convert("RGB")))
    assert _rejected(path).code == "photo_file_too_big"
    assert _rejected(path.read_bytes()).code == "photo_file_too_big"


def test_corrupt_jpeg_body_is_rejected_cleanly() -> None:
    data = bytearray(_jpeg(_picture((300, 200))))
    start = data.index(b"\xff\xda")  # start of scan: overwrite headers after it with junk
    data[start + 2 : start + 40] = b"\x00" * 38
    with pytest.raises(PhotoRejected) as info:
        process_photo(bytes(data))
    assert info.value.code in {"photo_unreadable", "photo_truncated"}


def test_detailed_photo_steps_quality_down_to_fit_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    noise = Image.merge("RGB", [Image.effect_noise((1600, 1200), 40) for _ in range(3)])
    source = _jpeg(Image.blend(_picture((1600, 1200)), noise, 0.25))
    default = process_photo(source)
    assert len(default.jpeg) <= photo_pipeline.MAX_STORED_BYTES
    monkeypatch.setattr(photo_pipeline, "MAX_STORED_BYTES", len(default.jpeg) // 2)
    squeezed = process_photo(source)
    assert len(squeezed.jpeg) < len(default.jpeg)
    assert squeezed.sha256 == hashlib.sha256(squeezed.jpeg).hexdigest()


# ------------------------------------------------------------------ store


@pytest.fixture(scope="module")
def photo() -> photos.ProcessedPhoto:
    return process_photo(_jpeg(_picture((900, 700))))


def test_store_put_has_verify(tmp_path: Path, photo: photos.ProcessedPhoto) -> None:
    store = PhotoStore(tmp_path / "photos")
    assert not store.has(photo.sha256)
    assert store.put(photo) == photo.sha256
    path = store.path(photo.sha256)
    assert path == tmp_path / "photos" / photo.sha256[:2] / f"{photo.sha256}.jpg"
    assert path.read_bytes() == photo.jpeg
    assert store.thumbnail_path(photo.sha256).read_bytes() == photo.thumbnail
    assert store.has(photo.sha256) and store.verify(photo.sha256)
    assert list(store.iter_hashes()) == [photo.sha256]
    # Atomic: nothing but the two final files.
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, store.thumbnail_path(photo.sha256).name]
    )


def test_store_put_is_idempotent(tmp_path: Path, photo: photos.ProcessedPhoto) -> None:
    store = PhotoStore(tmp_path)
    store.put(photo)
    mtime = store.path(photo.sha256).stat().st_mtime_ns
    store.put(photo)
    assert store.path(photo.sha256).stat().st_mtime_ns == mtime
    assert len(list(store.path(photo.sha256).parent.iterdir())) == 2


def test_store_verify_detects_corruption(tmp_path: Path, photo: photos.ProcessedPhoto) -> None:
    store = PhotoStore(tmp_path)
    store.put(photo)
    store.path(photo.sha256).write_bytes(photo.jpeg[:-10] + b"0123456789")
    assert store.has(photo.sha256)
    assert not store.verify(photo.sha256)
    assert not store.verify("0" * 64)  # missing


def test_store_put_refuses_mismatched_hash(tmp_path: Path, photo: photos.ProcessedPhoto) -> None:
    forged = photos.ProcessedPhoto(
        jpeg=photo.jpeg + b"x",
        thumbnail=photo.thumbnail,
        sha256=photo.sha256,
        width=photo.width,
        height=photo.height,
        captured_at=None,
        source_bytes=1,
    )
    with pytest.raises(ValueError):
        PhotoStore(tmp_path).put(forged)


def test_remove_orphans(tmp_path: Path, photo: photos.ProcessedPhoto) -> None:
    store = PhotoStore(tmp_path)
    other = process_photo(_jpeg(_picture((300, 300))))
    store.put(photo)
    store.put(other)
    shard = store.path(photo.sha256).parent
    stale = shard / ".tmp-abc.part"  # left by a crash mid-write
    stale.write_bytes(b"half")
    unrelated = tmp_path / "README.txt"
    unrelated.write_text("keep me", encoding="utf-8")

    removed = store.remove_orphans({photo.sha256.upper()})

    assert removed == 3  # other's photo + thumbnail, and the temp file
    assert store.has(photo.sha256) and store.thumbnail_path(photo.sha256).exists()
    assert not store.has(other.sha256) and not store.thumbnail_path(other.sha256).exists()
    assert not stale.exists() and unrelated.exists()
    assert list(store.iter_hashes()) == [photo.sha256]
    assert store.remove_orphans({photo.sha256}) == 0
    assert PhotoStore(tmp_path / "never-created").remove_orphans(set()) == 0


@pytest.mark.parametrize(
    "bad",
    [
        "../" * 10 + "etc/passwd",
        "ab",
        "g" * 64,
        "a" * 63,
        "a" * 65,
        "a" * 64 + "\n",
        "/" + "a" * 63,
    ],
)
def test_store_rejects_invalid_hashes(tmp_path: Path, bad: str) -> None:
    store = PhotoStore(tmp_path)
    for method in (store.path, store.thumbnail_path, store.has, store.verify):
        with pytest.raises(ValueError):
            method(bad)
