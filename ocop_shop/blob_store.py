"""Where uploaded files live: the local upload folder (default) or an S3-compatible bucket.

`UPLOAD_BACKEND=local` keeps files under UPLOAD_DIR (one machine, or a shared disk).
`UPLOAD_BACKEND=s3` keeps them in S3_BUCKET at S3_ENDPOINT_URL (AWS S3, MinIO, Ceph, a
provider's object storage), so every app server sees every picture. Credentials come from the
usual AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role.
Only this module imports boto3. Names are relative paths such as "ab/ab12…-640.webp".
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from flask import current_app

EXTENSION_KEY = "ocop_blob_store"


class LocalStore:
    """Files in a folder on this machine's disk."""

    backend = "local"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # readers never see half a file

    def get(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def path(self, name: str) -> Path | None:
        """The file on disk, for send_file (local backend only)."""
        path = self.folder / name
        return path if path.is_file() else None

    def delete_prefix(self, prefix: str) -> None:
        folder, _, start = prefix.rpartition("/")
        for path in (self.folder / folder).glob(f"{start}*"):
            path.unlink(missing_ok=True)

    def names(self) -> Iterator[str]:
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(self.folder).as_posix()


class S3Store:
    """Objects in an S3-compatible bucket."""

    backend = "s3"

    def __init__(self, bucket: str, endpoint_url: str | None, region: str | None, prefix: str = "") -> None:
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region or "us-east-1",
                                   config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"},
                                                     connect_timeout=3, read_timeout=10))
        self._missing = self.client.exceptions.NoSuchKey

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + name, Body=data, ContentType=content_type,
                               CacheControl="public, max-age=31536000, immutable")

    def get(self, name: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)["Body"].read()
        except self._missing:
            return None

    def path(self, name: str) -> None:
        return None

    def delete_prefix(self, prefix: str) -> None:
        keys = [{"Key": self.prefix + name} for name in self._list(prefix)]
        for start in range(0, len(keys), 1000):  # the API's batch limit
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys[start:start + 1000]})

    def names(self) -> Iterator[str]:
        yield from self._list("")

    def _list(self, prefix: str) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix):]


def make_store(config) -> LocalStore | S3Store:
    """The store the settings ask for (`UPLOAD_BACKEND`)."""
    if config.get("UPLOAD_BACKEND", "local") == "s3":
        return S3Store(config["S3_BUCKET"], config.get("S3_ENDPOINT_URL"), config.get("S3_REGION"),
                       config.get("S3_PREFIX") or "")
    return LocalStore(config["UPLOAD_DIR"])


def store() -> LocalStore | S3Store:
    """The current app's store, made once per app."""
    found = current_app.extensions.get(EXTENSION_KEY)
    if found is None:
        found = current_app.extensions[EXTENSION_KEY] = make_store(current_app.config)
    return found
