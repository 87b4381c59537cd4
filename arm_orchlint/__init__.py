"""arm-orchlint: catch VM Scale Set orchestration-mode mistakes in ARM and Bicep templates."""

# The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"
