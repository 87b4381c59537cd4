"""Packaging glue: ship the top-level rules/ and schemas/ folders inside the wheel.

They live at the top of the repository (data, not code) and are installed as the
packages ``arm_orchlint.catalog_rules`` and ``arm_orchlint.catalog_schemas``.  The built
rules folder also gets the rule files as one file (``arm_orchlint/core/data.py``,
``write_catalog_bundle``), which a run reads instead of each file.
"""

import importlib.util
import os

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithCatalogBundle(build_py):
    def run(self):
        super().run()
        folder = os.path.join(self.build_lib, "arm_orchlint", "catalog_rules")
        if os.path.isdir(folder):  # (an editable build copies nothing)
            spec = importlib.util.spec_from_file_location(
                "_catalog_data", os.path.join(HERE, "arm_orchlint", "core", "data.py")
            )
            data = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(data)
            data.write_catalog_bundle(folder)


DATA = {"arm_orchlint.catalog_rules": "rules", "arm_orchlint.catalog_schemas": "schemas"}

setup(
    packages=find_packages(include=["arm_orchlint", "arm_orchlint.*"]) + list(DATA),
    package_dir={**DATA},
    package_data={name: ["*.json"] for name in DATA},
    cmdclass={"build_py": BuildWithCatalogBundle},
)
