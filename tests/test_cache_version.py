"""The warm cache trusts an entry only if the code that made it is this code: every module
that decides what a file yields must be in the cache's code digest. The privacy detectors
(checks/privacy/, a subpackage) were not, so a changed detector left the old findings in
every warm cache until the version number moved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assurance_cli.repo import cache as cache_module

from .conftest import CASES

PROBE = """
import json, sys
from pathlib import Path
from assurance_cli.io.layout import find_record_files
from assurance_cli.repo import load
files, _ = find_record_files(Path(sys.argv[1]))
for record_file in files:
    load.read_and_process(record_file)
print(json.dumps(sorted(
    module.__file__ for name, module in sys.modules.items()
    if name.startswith("assurance_cli.") and getattr(module, "__file__", None)
)))
"""


def test_every_module_that_processes_a_file_is_in_the_code_digest() -> None:
    # A case with personal data, a bad date and links: every check on one file runs.
    for case in ("privacy-kinds", "bad-dates", "every-problem-at-once"):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(CASES / case)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        used = {Path(name).resolve() for name in json.loads(done.stdout)}
        digested = {path.resolve() for path in cache_module.deciding_files()}
        assert used - digested == set(), case


def test_the_digest_reads_the_privacy_detectors() -> None:
    names = {path.relative_to(path.parents[2]).as_posix() for path in cache_module.deciding_files()}
    assert "checks/privacy/names.py" in names
