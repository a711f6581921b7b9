"""Dependencies: each declared with a lower bound; `make test-oldest` pins exactly those."""

from __future__ import annotations

import pytest

from tests.lower_bounds import PYPROJECT, constraints, lower_bounds, requirements


def test_every_dependency_names_the_oldest_version_it_allows():
    bounds = lower_bounds()
    assert len(bounds) == len(requirements())  # build, runtime and dev, each once
    assert {"setuptools", "numpy", "pyyaml", "pydantic", "pygame-ce", "pytest"} <= set(bounds)


def test_the_oldest_install_pins_every_dependency_to_its_lower_bound():
    lines = constraints().splitlines()
    assert lines == [f"{name}=={version}" for name, version in lower_bounds().items()]
    assert "pydantic==2.10" in lines  # older ones write a different JSON Schema


@pytest.mark.parametrize("requirement", ["numpy", "numpy<3", "numpy==1.26"])
def test_a_requirement_without_a_lower_bound_is_refused_by_name(tmp_path, requirement):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(PYPROJECT.read_text(encoding="utf-8").replace(
        '"numpy>=1.26"', f'"{requirement}"'), encoding="utf-8")
    with pytest.raises(ValueError, match=f"'{requirement}' has no lower bound"):
        lower_bounds(pyproject)
