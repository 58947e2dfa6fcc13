"""How the client takes files: a path, bytes, or a binary file object.

One policy, whatever the method: a path is streamed from disk by the core; bytes are sent as they
are; a file object that is an open regular file at its start is passed by its path (streamed);
any other file object is read when the call is made, up to the client's upload limit and no
further, so an endless stream cannot exhaust memory (a longer one is refused by the core's size
check, naming the argument).
"""

from __future__ import annotations

import os
from typing import BinaryIO, Dict, Mapping, Optional, Union

PathLike = Union[str, "os.PathLike[str]"]
FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]
"""A file to upload: a path (streamed from disk by the core), bytes, or a binary file object."""

FileArgument = Union[str, bytes, BinaryIO]
"""A file on its way to the core: a path string, bytes, or a file object still to be read."""


def file_argument(file: FileInput) -> FileArgument:
    """What the core takes: a path string (streamed) or bytes; a file object that must be read is
    returned as it is and read by ``read_files`` with the client's limit."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        return bytes(file)
    if isinstance(file, (str, os.PathLike)):
        return os.fspath(file)
    name = getattr(file, "name", None)
    try:
        at_start = file.tell() == 0
    except (AttributeError, OSError, ValueError):
        at_start = False
    if isinstance(name, str) and at_start and os.path.isfile(name):
        return name
    return file


def read_files(files: Optional[Mapping[str, FileArgument]], limit: int) -> Optional[Dict[str, Union[str, bytes]]]:
    """The files of a call as the core takes them: file objects read, at most ``limit + 1`` bytes
    each (one more than the limit, so the core's size check sees that it is too large)."""
    if files is None:
        return None
    out: Dict[str, Union[str, bytes]] = {}
    for name, file in files.items():
        if isinstance(file, (str, bytes)):
            out[name] = file
            continue
        data = file.read(limit + 1)
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"{name}: upload files must be opened in binary mode")
        out[name] = bytes(data)
    return out
