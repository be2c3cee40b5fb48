"""Uploads abandoned for two weeks are removed when the centre starts; fresh ones (an upload
a worker will resume this afternoon) stay, and a resumed upload still completes."""

from __future__ import annotations

import hashlib
import os
import time

from support.server import GridcenterProcess, fresh_data_dir

from gridcenter.blobs import STALE_PART_SECONDS, BlobFiles
from gridcenter.config import Settings

from .conftest import Api


def _part(root, name: str, size: int, age: float):
    path = root / "blobs" / "parts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def test_sweep_removes_only_abandoned_uploads(tmp_path):
    settings = Settings.load(tmp_path / "centre")
    files = BlobFiles(settings)
    old = _part(settings.data_dir, "a" * 64 + ".u1.part", 10, STALE_PART_SECONDS + 60)
    fresh = _part(settings.data_dir, "b" * 64 + ".u1.part", 10, 3600)
    other = settings.blob_dir / "parts" / "notes.txt"
    other.write_text("not an upload")
    assert files.sweep_stale_parts() == 1
    assert not old.exists() and fresh.exists() and other.exists()
    assert files.sweep_stale_parts() == 0


def test_the_centre_sweeps_at_start_and_a_fresh_upload_still_resumes(tmp_path):
    data_dir = fresh_data_dir(tmp_path / "centre")
    photo = os.urandom(50_000)
    sha = hashlib.sha256(photo).hexdigest()
    abandoned = _part(data_dir, "c" * 64 + ".someone.part", 1000, STALE_PART_SECONDS + 60)
    with GridcenterProcess(data_dir) as server:
        assert not abandoned.exists()
        api = Api(server, "worker1")
        first = api.put(f"/blobs/{sha}", data=photo[:20_000],
                        params={"offset": 0, "total": len(photo)})
        assert first.status_code == 200 and first.json()["offset"] == 20_000
    with GridcenterProcess(data_dir) as server:  # restarted: the 20 kB are kept
        api = Api(server, "worker1")
        rest = api.put(f"/blobs/{sha}", data=photo[20_000:],
                       params={"offset": 20_000, "total": len(photo)})
        assert rest.status_code == 201 and rest.json()["state"] == "present", rest.text
