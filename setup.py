"""Only what pyproject.toml cannot say: a wheel carries templates/ and samples/ as scanner/bundled/.

`survey demo` and the default --template/--plan need them on a computer that
has only the wheel (see scanner/bundled.py); an editable install reads the
checkout's own folders instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("templates", "samples")


class BuildWithBundled(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        dest = Path(self.build_lib) / "scanner" / "bundled"
        for name in BUNDLED:
            shutil.copytree(ROOT / name, dest / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithBundled})
