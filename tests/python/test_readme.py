"""The README's Python example runs as written (twice: the second run continues the
study), and the CLI reads the study it made."""
import os
import re
import subprocess
import sys

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def readme_example():
    text = open(README, encoding="utf-8").read()
    section = text[text.index("### Python: `import ecopt`"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_example_runs_as_written(tmp_path, cli):
    script = tmp_path / "quad.py"
    script.write_text(readme_example())
    for runs in (1, 2):
        out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, check=True,
                             capture_output=True, text=True).stdout
        assert "Trial" in out and "(%d, " % (8 * runs) in out, out
    trials = subprocess.run([cli, "trials", "--study", "quad", "--storage",
                             "sqlite:///" + str(tmp_path / "quad.db")],
                            check=True, capture_output=True, text=True).stdout
    assert "COMPLETE" in trials
