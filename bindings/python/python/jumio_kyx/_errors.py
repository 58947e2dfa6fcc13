"""The exceptions of jumio_kyx. Every error of the client is a `JumioError`; its subclass says
what kind of failure it is.

Messages name fields and rules, never the values sent: they are safe to log.

`JumioError` is written by hand (`_error_base`); its subclasses, one per error kind of the core,
are generated from the spec's `x-kyx-error-kinds` (`_generated/errors.py`). The compiled module
raises the class the core names, from this module.
"""

from ._error_base import JumioError
from ._generated import errors as _generated_errors
from ._generated.errors import *  # noqa: F403

__all__ = ["JumioError"]
__all__ += _generated_errors.__all__
