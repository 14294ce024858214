"""Uploads in an S3-compatible bucket (UPLOAD_BACKEND=s3), against moto's server on loopback.

The app talks to the server over HTTP with boto3, as it would to MinIO or AWS: saving a picture,
serving its renditions through /media/, deleting them, backup and restore.
"""
from __future__ import annotations

import io
import logging
import socket
import tarfile

import pytest
from PIL import Image

from ocop_shop import blob_store, storage
from ocop_shop.deploy_checks import upload_problems

BUCKET = "ocop-uploads-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the server's access log
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_app(app, s3_endpoint, monkeypatch):
    """The test app switched to a fresh bucket on the local S3 server."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    app.config.update(UPLOAD_BACKEND="s3", S3_BUCKET=BUCKET, S3_ENDPOINT_URL=s3_endpoint, S3_PREFIX="uploads/")
    app.extensions.pop(blob_store.EXTENSION_KEY, None)
    with app.app_context():
        store = blob_store.store()
        store.client.create_bucket(Bucket=BUCKET)
        yield app, store
        store.delete_prefix("")
        store.client.delete_bucket(Bucket=BUCKET)


def _jpeg(width=800, height=600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (43, 58, 103)).save(out, "JPEG")
    return out.getvalue()


def test_saved_renditions_are_objects_in_the_bucket(s3_app):
    app, store = s3_app
    stored = storage.save_image(_jpeg())
    names = sorted(store.names())
    assert names == sorted(storage.rendition_name(stored.key, w) for w in (320, 640, 800))
    head = store.client.head_object(Bucket=BUCKET, Key="uploads/" + names[0])
    assert head["ContentType"] == "image/webp"
    assert not list(storage.upload_dir().rglob("*.webp")) if storage.upload_dir().exists() else True


def test_media_route_serves_from_the_bucket(s3_app):
    app, store = s3_app
    stored = storage.save_image(_jpeg())
    response = app.test_client().get(f"/media/{stored.key}-640.webp")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    with Image.open(io.BytesIO(response.data)) as picture:
        assert picture.size == (640, 480)
    again = app.test_client().get(f"/media/{stored.key}-640.webp", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert app.test_client().get(f"/media/{stored.key}-960.webp").status_code == 404


def test_delete_removes_every_rendition(s3_app):
    app, store = s3_app
    kept, dropped = storage.save_image(_jpeg()), storage.save_image(_jpeg())
    storage.delete_image(dropped.key)
    assert all(kept.key in name for name in store.names())
    assert len(list(store.names())) == 3


def test_backup_reads_and_restore_writes_the_bucket(s3_app, tmp_path):
    from ocop_shop.ops.backup import make_backup
    from ocop_shop.ops.restore import restore_backup

    app, store = s3_app
    stored = storage.save_image(_jpeg())
    report = make_backup(tmp_path)
    assert report.files == 3
    with tarfile.open(report.path) as tar:
        assert any(name.endswith(storage.rendition_name(stored.key, 640)) for name in tar.getnames())
    store.delete_prefix("")
    restore_backup(report.path, replace=True)
    assert store.get(storage.rendition_name(stored.key, 640)) is not None


@pytest.mark.parametrize("settings, problem", [
    ({"UPLOAD_BACKEND": "ftp"}, "UPLOAD_BACKEND is 'ftp'"),
    ({"UPLOAD_BACKEND": "s3", "S3_BUCKET": None}, "S3_BUCKET"),
])
def test_unusable_upload_settings_stop_the_app(settings, problem, tmp_path):
    from config import TestConfig
    from ocop_shop import create_app

    config = TestConfig(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    assert upload_problems(config) == []
    for name, value in settings.items():
        setattr(config, name, value)
    with pytest.raises(RuntimeError, match=problem):
        create_app(config)
