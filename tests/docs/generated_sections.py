#!/usr/bin/env python3
"""The parts of docs/ generated from ecopt's own tables, checked or rewritten.

Usage: generated_sections.py --ecopt BUILD/bin/ecopt --source REPO [--write]

Each generated section sits between `<!-- BEGIN GENERATED: COMMAND -->` and
`<!-- END GENERATED -->` and holds exactly what COMMAND prints. Without --write, any
difference fails (run again with --write to update the docs); with it, the sections are
rewritten. The check also holds `ecopt help COMMAND` to docs/cli.md: every command's help
is its section there, word for word.
"""
import argparse
import os
import re
import subprocess
import sys

# (file, the ecopt arguments that print its generated section)
SECTIONS = [
    ("docs/study-file.md", ["study", "schema"]),
    ("docs/cli.md", ["help", "--markdown"]),
]
BEGIN = "<!-- BEGIN GENERATED: ecopt {} -->\n"
END = "<!-- END GENERATED -->"


def ecopt_output(ecopt, args):
    return subprocess.run([ecopt] + args, check=True, capture_output=True, text=True).stdout


def section_span(text, args, path):
    begin = BEGIN.format(" ".join(args))
    start = text.find(begin)
    end = text.find(END, start)
    if start < 0 or end < 0:
        sys.exit(f"{path}: no section `{begin.strip()}` ... `{END}`")
    return start + len(begin), end


def check_help_commands(ecopt, generated):
    """Every `### \\`ecopt X\\`` section is what `ecopt help X` prints, word for word."""
    problems = []
    for path in re.findall(r"^### `ecopt ([^`]+)`$", generated, re.M):
        help_text = ecopt_output(ecopt, ["help"] + path.split())
        if help_text not in generated:
            problems.append(f"`ecopt help {path}` differs from its section in docs/cli.md")
    if not problems and "### `ecopt help`" not in generated:
        problems.append("docs/cli.md has no section for `ecopt help`")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ecopt", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    problems = []
    for path, ecopt_args in SECTIONS:
        full = os.path.join(args.source, path)
        text = open(full, encoding="utf-8").read()
        start, end = section_span(text, ecopt_args, path)
        generated = ecopt_output(args.ecopt, ecopt_args)
        if args.write:
            open(full, "w", encoding="utf-8").write(text[:start] + generated + text[end:])
        elif text[start:end] != generated:
            problems.append(f"{path} is out of date: run tests/docs/generated_sections.py "
                            f"--ecopt {args.ecopt} --source . --write")
        if ecopt_args[0] == "help":
            problems += check_help_commands(args.ecopt, generated)
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("generated sections match:", ", ".join(path for path, _ in SECTIONS))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
