"""Packaging glue: ship the top-level rules/ and schemas/ folders inside the wheel.

They live at the top of the repository (data, not code) and are installed as the
packages ``arm_orchlint.catalog_rules`` and ``arm_orchlint.catalog_schemas``.
"""

from setuptools import find_packages, setup

DATA = {"arm_orchlint.catalog_rules": "rules", "arm_orchlint.catalog_schemas": "schemas"}

setup(
    packages=find_packages(include=["arm_orchlint", "arm_orchlint.*"]) + list(DATA),
    package_dir={**DATA},
    package_data={name: ["*.json"] for name in DATA},
)
