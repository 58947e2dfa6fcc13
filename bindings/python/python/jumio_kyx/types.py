"""Every request and response body of the KYX API as a `TypedDict` (generated from the spec)."""

from ._generated.types import *  # noqa: F401,F403
from ._generated.types import __all__  # noqa: F401
