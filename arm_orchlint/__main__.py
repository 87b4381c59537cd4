import os
import sys

# `python -m arm_orchlint` puts the current folder -- in CI, the checkout under review --
# first on sys.path, so a pull request could shadow any module imported later (click,
# jmespath, a plugin's dependency) or add a *.dist-info with entry points.  The package is
# already imported at this point; the rest of the run imports from the installation only.
if sys.path and not sys.flags.safe_path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from arm_orchlint.cli.entry import main  # noqa: E402

main()
