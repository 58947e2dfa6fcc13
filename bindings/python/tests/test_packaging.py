"""What the installed distribution promises: typed, complete metadata, and web frameworks only as
extras (the base install imports none)."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import re
import subprocess
import sys

FRAMEWORKS = ("fastapi", "starlette", "flask", "werkzeug", "django")


def test_the_distribution_is_typed_and_its_metadata_complete() -> None:
    assert importlib.resources.files("jumio_kyx").joinpath("py.typed").is_file()
    meta = importlib.metadata.metadata("jumio-kyx")
    assert meta["Summary"] and "KYX" in meta["Summary"]
    assert "Apache-2.0" in (meta.get("License") or meta.get("License-Expression") or "")
    classifiers = meta.get_all("Classifier") or []
    for wanted in ["Typing :: Typed", "Framework :: FastAPI", "Framework :: Flask", "Framework :: Django", "Programming Language :: Python :: 3.11"]:
        assert wanted in classifiers, wanted
    assert any(c.startswith("Operating System ::") for c in classifiers)
    assert meta["Keywords"] and "kyx" in meta["Keywords"]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert urls["Repository"] == "https://github.com/jumio-kyx/jumio-kyx"
    assert urls["Documentation"].startswith("https://github.com/jumio-kyx/jumio-kyx")
    extras = set(meta.get_all("Provides-Extra") or [])
    assert {"fastapi", "starlette", "flask", "django"} <= extras
    requires = importlib.metadata.requires("jumio-kyx") or []
    base = [r for r in requires if "extra ==" not in r]
    assert not any(f in r.lower() for r in base for f in FRAMEWORKS), base
    for extra in ["fastapi", "starlette", "flask", "django"]:
        assert any(r.lower().startswith(extra) and re.search(rf"extra == [\"']{extra}[\"']", r) for r in requires), (extra, requires)


def test_the_base_package_imports_no_web_framework() -> None:
    # A fresh interpreter in which the frameworks cannot be imported at all.
    code = (
        "import sys\n"
        f"for name in {FRAMEWORKS!r}: sys.modules[name] = None\n"
        "import jumio_kyx, jumio_kyx.types\n"
        "client = jumio_kyx.CallbackVerifier('US')\n"
        f"loaded = [m for m in {FRAMEWORKS!r} if sys.modules.get(m) is not None]\n"
        "assert not loaded, loaded\n"
        "try:\n"
        "    import jumio_kyx.flask\n"
        "except ImportError:\n"
        "    print('extra needed')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "extra needed"


def test_each_receiver_module_imports_with_its_framework() -> None:
    import jumio_kyx.django
    import jumio_kyx.fastapi
    import jumio_kyx.flask

    assert callable(jumio_kyx.fastapi.callback_endpoint)
    assert callable(jumio_kyx.flask.callback_view)
    assert callable(jumio_kyx.django.callback_view)
