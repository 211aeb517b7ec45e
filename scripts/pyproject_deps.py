"""Print the requirements of pyproject.toml, one per line (for `make lock`).

`runtime`: what production needs; `dev`: the development and test tools only.
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
group = sys.argv[1] if len(sys.argv) > 1 else "runtime"
requirements = project["dependencies"] if group == "runtime" else project["optional-dependencies"]["dev"]
for requirement in requirements:
    print(requirement)
