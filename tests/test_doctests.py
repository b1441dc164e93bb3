"""Every docstring example in the package runs."""

import doctest
import importlib
import pkgutil

import pytest

import analyzer

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(analyzer.__path__, "analyzer.")
    if ".cli" not in m.name and not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_name_has_a_docstring():
    missing = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if callable(obj) and not (obj.__doc__ or "").strip():
                missing.append(f"{name}.{attr}")
    assert missing == []


def test_every_public_method_has_a_docstring():
    import inspect

    missing = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            cls = getattr(module, attr)
            if not inspect.isclass(cls) or cls.__module__ != name:
                continue
            for method, member in vars(cls).items():
                if method.startswith("_") and method != "__call__":
                    continue
                function = (
                    member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                )
                if (inspect.isfunction(function) or isinstance(function, property)) and not (
                    function.__doc__ or ""
                ).strip():
                    missing.append(f"{name}.{attr}.{method}")
    assert missing == []


def test_api_reference_is_up_to_date():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "docs" / "build_api.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
