"""How the client takes files: a path, bytes, or a binary file object.

One policy, whatever the method: a path is streamed from disk by the core (and re-opened if the
upload is retried); bytes are sent as they are; a file object that is an open regular file at its
start is passed by its path (streamed, retried); any other binary file object is streamed by the
core, read in chunks of ``UPLOAD_CHUNK_BYTES`` (64 KiB) on a worker thread, never whole into
memory. The core checks a stream as it reads it: JPEG or PNG by its first bytes, its dimensions,
and its size against the upload limit (before sending, when the object is seekable and its length
can be told; else while it streams): a longer one is refused with ``ValidationError`` naming the
argument. A ``read()`` that raises ends the call with ``LocalFileError``, the exception as its
``__cause__``. A stream is read once, so its upload is not retried after a 5xx: pass a path or
bytes where that matters.
"""

from __future__ import annotations

import io
import os
from typing import BinaryIO, Union

PathLike = Union[str, "os.PathLike[str]"]
FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]
"""A file to upload: a path (streamed from disk by the core), bytes, or a binary file object."""

FileArgument = Union[str, bytes, BinaryIO]
"""A file on its way to the core: a path string, bytes, or a file object the core streams."""


def file_argument(file: FileInput) -> FileArgument:
    """What the core takes: a path string, bytes, or a binary file object to stream."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        return bytes(file)
    if isinstance(file, (str, os.PathLike)):
        return os.fspath(file)
    if isinstance(file, io.TextIOBase):
        raise TypeError("upload files must be opened in binary mode")
    name = getattr(file, "name", None)
    try:
        at_start = file.tell() == 0
    except (AttributeError, OSError, ValueError):
        at_start = False
    if isinstance(name, str) and at_start and os.path.isfile(name):
        return name
    return file
