"""How the client takes files: a path, bytes, or a binary file object."""

from __future__ import annotations

import os
from typing import BinaryIO, Union

PathLike = Union[str, "os.PathLike[str]"]
FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]
"""A file to upload: a path (streamed from disk by the core), bytes, or a binary file object."""


def file_argument(file: FileInput) -> Union[str, bytes]:
    """What the core takes: a path string (streamed) or bytes.

    A file object that is an open regular file at its start is passed by path, so the core streams
    it from disk; any other file object is read.
    """
    if isinstance(file, (bytes, bytearray, memoryview)):
        return bytes(file)
    if isinstance(file, (str, os.PathLike)):
        return os.fspath(file)
    name = getattr(file, "name", None)
    try:
        at_start = file.tell() == 0
    except (OSError, ValueError):
        at_start = False
    if isinstance(name, str) and at_start and os.path.isfile(name):
        return name
    data = file.read()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("upload files must be opened in binary mode")
    return bytes(data)
