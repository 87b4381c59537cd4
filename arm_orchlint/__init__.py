"""arm-orchlint: catch VM Scale Set orchestration-mode mistakes in ARM and Bicep templates."""

__version__ = "0.1.0"

PROJECT_URL = "https://github.com/arm-orchlint/arm-orchlint"
