"""The package as users meet it: its README example runs as printed, and its
sources stay within Python 3.8 syntax."""

import ast
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "bindings" / "python"


def test_readme_example_prints_what_its_comments_say(tmp_path: Path) -> None:
    readme = (PACKAGE / "README.md").read_text()
    example = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    expected = [line.split("  # ", 1)[1] for line in example.splitlines() if "print(" in line]
    binary = os.environ.get("GRAPH_EMULATOR_BIN", str(REPO / "target" / "debug" / "graph-emulator"))
    script = tmp_path / "example.py"
    script.write_text(example.replace('"target/debug/graph-emulator"', repr(binary)))
    env = dict(os.environ, PYTHONPATH=str(PACKAGE))
    # its own session, so that an emulator left behind by a failing run is stopped too
    run = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=str(REPO),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = run.communicate(timeout=60)
    finally:
        try:
            os.killpg(run.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    assert run.returncode == 0, stderr
    assert stdout.splitlines() == expected
    assert len(expected) == 3


def test_sources_parse_as_python_3_8() -> None:
    sources = sorted((PACKAGE / "mgpolicy").glob("*.py"))
    assert len(sources) >= 5
    for source in sources:
        text = source.read_text()
        ast.parse(text, filename=str(source), feature_version=(3, 8))
        # annotations are evaluated at import: no PEP 585 / 604 forms before 3.9 / 3.10
        assert not re.search(r"(->|:)\s*(dict|list|tuple|set|type)\[", text), source
        assert not re.search(r"(->|:)\s*[\w\[\], ]+ \| ", text), source
