#!/usr/bin/env python3
"""Runs every shell block of README.md and docs/*.md against a built ecopt.

Usage: run_doc_blocks.py --ecopt BUILD/bin/ecopt --source REPO [--list] [FILE.md ...]

Each Markdown file gets a temporary folder holding the fixtures (tests/docs/fixtures),
links to the repository's folders (examples/, clients/, ...) and `build/release` linked
to the build under test; its blocks run there in order, so a later block sees what an
earlier one made. `ecopt` is first on PATH. A block runs under `bash -eo pipefail`: any
failing command fails the test.

A block that shows output is a `console` block: `$ COMMAND` lines (a trailing `\\`
continues one), each followed by the output it prints, stdout and stderr together. The
output is compared line by line after folding runs of whitespace, trimming and dropping
blank lines; `...` in a line matches any text within that line, and a line that is only
`...` matches any number of lines.

HTML comments on the lines just above a block steer it:
  <!-- doc-test: skip REASON -->    the block cannot run here; the test lists it, with why
  <!-- doc-test: setup COMMAND -->  COMMAND runs first (a fixture the reader already has)
"""
import argparse
import dataclasses
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SHELL_LANGS = {"sh", "bash", "shell", "console"}
FENCE = re.compile(r"^\s*```\s*([A-Za-z0-9_+-]*)\s*$")
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test:\s*(skip|setup)\b\s*(.*?)\s*-->\s*$")
REPO_DIRS = ("bench", "clients", "data", "examples", "scripts", "src", "tests", "docs")
BLOCK_TIMEOUT_S = 120


@dataclasses.dataclass
class Block:
    path: str
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    skip: str = ""
    setup: list = dataclasses.field(default_factory=list)

    def where(self):
        return f"{self.path}:{self.line}"


def directives_above(lines, fence_index):
    """The doc-test comments on the lines just above a fence (blank lines allowed)."""
    found = []
    i = fence_index - 1
    while i >= 0 and (not lines[i].strip() or DIRECTIVE.match(lines[i])):
        match = DIRECTIVE.match(lines[i])
        if match:
            found.append((match.group(1), match.group(2)))
        i -= 1
    return list(reversed(found))


def extract_blocks(path, shown_path):
    lines = open(path, encoding="utf-8").read().splitlines()
    blocks, i = [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not FENCE.match(lines[end]):
            end += 1
        lang = match.group(1).lower()
        if lang in SHELL_LANGS:
            block = Block(shown_path, i + 1, lang, "\n".join(lines[i + 1:end]) + "\n")
            for kind, arg in directives_above(lines, i):
                if kind == "skip":
                    block.skip = arg or "(no reason given)"
                else:
                    block.setup.append(arg)
            blocks.append(block)
        i = end + 1
    return blocks


def normalise(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def line_matches(expected, actual):
    if "..." not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual) is not None


def output_matches(expected, actual):
    """moocore-style comparison of normalised lines; a line "..." spans any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(output_matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and line_matches(expected[0], actual[0]) and \
        output_matches(expected[1:], actual[1:])


def console_steps(text):
    """(command, expected output) pairs of a console block."""
    steps, continuing = [], False
    for line in text.splitlines():
        if continuing:
            steps[-1][0] += "\n" + line
        elif line.startswith("$ "):
            steps.append([line[2:], []])
        elif steps:
            steps[-1][1].append(line)
            continue
        continuing = line.rstrip().endswith("\\")
    return [(command, "\n".join(out)) for command, out in steps]


def run_shell(script, cwd, env, timeout_s=None):
    """Runs `script` in a session of its own. On timeout the whole process group is
    killed, not only bash: a block that leaves a background process holding the output
    pipe would otherwise keep communicate() waiting past the limit."""
    timeout_s = BLOCK_TIMEOUT_S if timeout_s is None else timeout_s
    with subprocess.Popen(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, start_new_session=True) as process:
        try:
            output, _ = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        finally:
            # Background processes a block started and left behind go too, so that one
            # block's leftovers never hold a later block's pipe or port.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return subprocess.CompletedProcess(process.args, process.returncode, output)


def run_block(block, cwd, env):
    """None when the block ran as written, else what went wrong."""
    for command in block.setup:
        result = run_shell(command, cwd, env)
        if result.returncode != 0:
            return f"its setup `{command}` exited {result.returncode}:\n{decode(result)}"
    if block.lang != "console":
        result = run_shell(block.text, cwd, env)
        if result.returncode != 0:
            return f"exited {result.returncode}:\n{decode(result)}"
        return None
    for command, expected in console_steps(block.text):
        result = run_shell(command, cwd, env)
        actual = decode(result)
        if result.returncode != 0:
            return f"`{command}` exited {result.returncode}:\n{actual}"
        if not output_matches(normalise(expected), normalise(actual)):
            return f"`{command}` printed\n{actual}\ninstead of\n{expected}"
    return None


def decode(result):
    return result.stdout.decode("utf-8", "replace")


def prepare_folder(folder, source, ecopt):
    """The fixtures, the repository's folders and `ecopt` on PATH."""
    shutil.copytree(os.path.join(source, "tests", "docs", "fixtures"), folder,
                    dirs_exist_ok=True)
    for name in REPO_DIRS:
        os.symlink(os.path.join(source, name), os.path.join(folder, name))
    build = os.path.dirname(os.path.dirname(os.path.abspath(ecopt)))
    os.makedirs(os.path.join(folder, "build"))
    os.symlink(build, os.path.join(folder, "build", "release"))
    bin_dir = os.path.join(folder, ".doc-test-bin")
    os.makedirs(bin_dir)
    os.symlink(os.path.abspath(ecopt), os.path.join(bin_dir, "ecopt"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOPT_")}
    # HOME and XDG_STATE_HOME in the folder: `ecopt calibrate` writes its profile there.
    env.pop("XDG_STATE_HOME", None)
    env.update(PATH=bin_dir + os.pathsep + env.get("PATH", ""), LC_ALL="C", HOME=folder,
               PYTHONPATH=os.pathsep.join([os.path.join(source, "clients", "python"),
                                           os.path.join(build, "python")]),
               PYTHONDONTWRITEBYTECODE="1")
    return env


def doc_files(source, names):
    if names:
        return names
    docs = sorted(f for f in os.listdir(os.path.join(source, "docs")) if f.endswith(".md"))
    return ["README.md"] + [os.path.join("docs", f) for f in docs]


def run_file(shown_path, source, ecopt):
    """(blocks run, marked blocks, failures) of one Markdown file."""
    blocks = extract_blocks(os.path.join(source, shown_path), shown_path)
    ran, marked, failures = 0, [], []
    runnable = [b for b in blocks if not b.skip]
    marked = [b for b in blocks if b.skip]
    if not runnable:
        return ran, marked, failures
    with tempfile.TemporaryDirectory(prefix="ecopt-doc-") as folder:
        env = prepare_folder(folder, source, ecopt)
        for block in runnable:
            try:
                problem = run_block(block, folder, env)
            except subprocess.TimeoutExpired:
                problem = f"ran past {BLOCK_TIMEOUT_S} s"
            ran += 1
            if problem:
                failures.append(f"{block.where()}: {problem}")
    return ran, marked, failures


def assert_timeout_kills_background(folder):
    """A block that outlives its limit goes with everything it started: a background
    process holding the output pipe must not survive (nor keep the runner waiting)."""
    pid_file = os.path.join(folder, "background.pid")
    try:
        script = f"sleep 300 >/dev/null 2>&1 & echo $! > {pid_file}; wait"
        # 5 s, not 1: at a load of 20 bash may not have written the pid file within 1 s.
        run_shell(script, folder, dict(os.environ), timeout_s=5)
        raise AssertionError("a block past its limit did not time out")
    except subprocess.TimeoutExpired:
        pass
    assert os.path.exists(pid_file), "the block did not start its background process in 5 s"
    with open(pid_file, encoding="utf-8") as f:
        stat_path = f"/proc/{int(f.read())}/stat"
    # Killed, it is gone or a zombie waiting for init to reap it. SIGKILL is delivered
    # asynchronously: right after killpg the process can still read "R" while it dies,
    # so give it up to 5 s (under load) before calling it a survivor.
    deadline = time.monotonic() + 5.0
    while True:
        alive = os.path.exists(stat_path) and open(stat_path).read().split()[2] != "Z"
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not alive, f"the block's background process survived ({stat_path})"


def self_test():
    """The rules themselves: matching, console parsing, directives, and a failing block
    reported as a failure."""
    assert output_matches(["a b", "..."], normalise("a   b\nmore\nlines\n"))
    assert output_matches(["x ... z"], ["x anything z"])
    assert not output_matches(["x ... z"], ["x anything y"])
    assert not output_matches(["one"], ["one", "two"])
    assert output_matches(["...", "last"], ["first", "last"])
    assert console_steps("$ a \\\n  b\nout\n$ c\n") == [("a \\\n  b", "out"), ("c", "")]
    with tempfile.TemporaryDirectory() as folder:
        doc = os.path.join(folder, "doc.md")
        with open(doc, "w", encoding="utf-8") as f:
            f.write("<!-- doc-test: skip no GPU here -->\n```sh\nnvidia-smi\n```\n\n"
                    "<!-- doc-test: setup echo hi > f -->\n```console\n$ cat f\nho\n```\n")
        blocks = extract_blocks(doc, "doc.md")
        assert [b.skip for b in blocks] == ["no GPU here", ""], blocks
        assert blocks[1].setup == ["echo hi > f"], blocks
        problem = run_block(blocks[1], folder, dict(os.environ))
        assert problem and "printed" in problem, problem
        assert_timeout_kills_background(folder)
    print("self-test passed")
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--ecopt")
    parser.add_argument("--source")
    parser.add_argument("--list", action="store_true", help="list the blocks, run none")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if not args.ecopt or not args.source:
        parser.error("--ecopt and --source are required")
    args.source = os.path.abspath(args.source)
    total_ran, all_marked, all_failures = 0, [], []
    for shown_path in doc_files(args.source, args.files):
        if args.list:
            for b in extract_blocks(os.path.join(args.source, shown_path), shown_path):
                print(f"{b.where()}: {'marked: ' + b.skip if b.skip else 'runs'}")
            continue
        ran, marked, failures = run_file(shown_path, args.source, args.ecopt)
        total_ran += ran
        all_marked += marked
        all_failures += failures
    return report(total_ran, all_marked, all_failures) if not args.list else 0


def report(ran, marked, failures):
    print(f"{ran} shell blocks ran, {len(failures)} failed; {len(marked)} marked as not "
          "runnable here:")
    for block in marked:
        print(f"  {block.where()}: {block.skip}")
    for failure in failures:
        print(f"FAIL: {failure}\n")
    return 1 if failures or not ran else 0


if __name__ == "__main__":
    sys.exit(main())
