#!/usr/bin/env python3
"""Lists the longest C++ functions in src/ and fails when one is longer than the limit.

A function is counted from the first line of its definition head (return type, template
line) to the line of its closing brace, blank and comment lines included: that is what a
reader scrolls through. Lambdas and local classes count toward the function they stand
in. Only definitions at namespace or class scope are found: a lambda at namespace scope
(`const auto f = [](...) {...};`) or a brace initialiser is not a function.

The source is first blanked: comments, string and character literals (raw strings
included) and preprocessor lines become spaces, keeping line numbers, so a brace inside
them is never matched.

Usage: function_length.py ROOT [--max N] [--top N]
           list the --top longest functions under ROOT/src (default 10) and exit 1,
           naming every function longer than --max lines (default 80)
       function_length.py --self-test
           check the checker on small fixtures
"""
import contextlib
import io
import os
import re
import sys
import tempfile

SOURCE_SUFFIXES = (".cpp", ".hpp")
CONTROL_KEYWORDS = {"if", "for", "while", "switch", "catch", "return", "sizeof", "decltype",
                    "alignof", "noexcept", "static_assert", "requires", "throw", "new", "delete"}
SCOPE_KEYWORDS = {"namespace", "class", "struct", "union", "enum", "extern"}
QUALIFIERS = re.compile(r"\s*(?:noexcept\s*\((?:[^()]|\([^()]*\))*\)|throw\s*\(\s*\)"
                        r"|(?:const|volatile|noexcept|override|final|mutable)\b|&&|&)")
IDENTIFIER_CHAR = re.compile(r"[A-Za-z0-9_]")
ACCESS_LABELS = re.compile(r"\s*(?:(?:public|private|protected)\s*:(?!:)\s*)*")
SCOPE_HEAD = re.compile(r"^(?:template\s*<.*>\s*)?(?:namespace|class|struct|union|enum|extern)\b|^$")
OPERATOR_TAIL = re.compile(r"\boperator\s*[^\w\s(]*$")
RAW_STRING_START = re.compile(r'(?:u8|u|U|L)?R"([^ ()\\\t\n]{0,16})\(')


def blank(text):
    """The text with comments, literals and preprocessor lines replaced by spaces.

    Newlines are kept so that line numbers stay true. A `'` inside a number (`1'000`) is
    a digit separator, not a character literal.
    """
    out = list(text)
    i, n = 0, len(text)
    line_start = True

    def erase(start, end):
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if line_start and c == "#":
            # A preprocessor directive runs to the end of the line, continued by `\`.
            end = i
            while end < n and not (text[end] == "\n" and text[end - 1] != "\\"):
                end += 1
            erase(i, end)
            i = end
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            erase(i, end)
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            erase(i, end)
            i = end
            continue
        raw = RAW_STRING_START.match(text, i)
        if raw and (i == 0 or not IDENTIFIER_CHAR.match(text[i - 1])):
            closing = ")" + raw.group(1) + '"'
            end = text.find(closing, raw.end())
            end = n if end < 0 else end + len(closing)
            erase(i, end)
            i = end
            continue
        if c == "'" and _inside_number(text, i):
            i += 1
            continue
        if c in "\"'":
            end = i + 1
            while end < n and text[end] != c and text[end] != "\n":
                end += 2 if text[end] == "\\" else 1
            end = min(end + 1, n)
            erase(i, end)
            i = end
            continue
        i += 1
    return "".join(out)


def _inside_number(text, i):
    """True when the `'` at i separates digits of a number literal (C++14)."""
    start = i
    while start > 0 and (IDENTIFIER_CHAR.match(text[start - 1]) or text[start - 1] == "'"):
        start -= 1
    return start < i and text[start].isdigit()


def _matching_paren(head, open_at):
    depth = 0
    for k in range(open_at, len(head)):
        if head[k] == "(":
            depth += 1
        elif head[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return -1


def _parameter_list_start(head):
    """Where the parameter list of a definition head opens: its first `(` after a name.

    -1 when the head holds a top-level `=` first (a variable initialised by a call).
    The `()` of `operator()` and the `=` of `operator=` are part of a name.
    """
    k, angle = 0, 0
    while k < len(head):
        ch, before = head[k], head[:k].rstrip()
        in_operator_name = OPERATOR_TAIL.search(before) is not None
        if ch == "(" and in_operator_name and head.startswith("()", k):
            k += 2
            continue
        if ch == "(":
            named = before and (IDENTIFIER_CHAR.match(before[-1]) or before[-1] in ">=+-*/%^&|<!~]"
                                or re.search(r"\boperator\s*\(\)$", before))
            return k if named else -1
        if ch == "=" and angle == 0 and not in_operator_name:
            return -1
        angle += {"<": 1, ">": -1}.get(ch, 0)
        k += 1
    return -1


def function_name(head):
    """The name of the function a definition head declares, or None if it is no function.

    A head is what stands between the previous `;`, `{` or `}` and a `{`, with brace
    initialisers of a constructor's member list kept as `{}`.
    """
    head = " ".join(head.split())
    words = head.split(" ")
    if not head or words[0] in SCOPE_KEYWORDS or words[0] in CONTROL_KEYWORDS:
        return None
    open_at = _parameter_list_start(head)
    if open_at < 0:
        return None
    before = head[:open_at].rstrip()
    if before.endswith("]"):
        return None  # a lambda
    name = re.search(r"((?:[A-Za-z_]\w*\s*(?:<[^()]*>)?\s*::\s*)*~?(?:operator\s*\S+?|[A-Za-z_]\w*))$",
                     before)
    if not name or name.group(1).split("::")[-1].strip() in CONTROL_KEYWORDS:
        return None
    close_at = _matching_paren(head, open_at)
    if close_at < 0:
        return None
    rest = head[close_at + 1:]
    while True:
        qualifier = QUALIFIERS.match(rest)
        if not qualifier or not qualifier.group(0).strip():
            break
        rest = rest[qualifier.end():]
    rest = rest.strip()
    if rest.startswith(":") and not rest.startswith("::"):
        # A constructor's member list is complete only after its last `(...)` or `{...}`.
        return " ".join(name.group(1).split()) if rest.endswith((")", "}")) else None
    if rest and not rest.startswith("->"):
        return None
    return " ".join(name.group(1).split())


def functions(text):
    """(name, first line, last line) of every function defined in a C++ source text."""
    code = blank(text)
    found = []
    # Each open brace: (kind, head start offset, name). kind is "scope" (namespace, class,
    # extern: may hold functions), "function", "member-init" (a brace initialiser in a
    # constructor's member list, still part of the head) or "other".
    stack = []
    head_start = 0
    for k, ch in enumerate(code):
        if ch == ";" and (not stack or stack[-1][0] == "scope"):
            head_start = k + 1
        elif ch == "{":
            at_scope = not stack or stack[-1][0] == "scope"
            if not at_scope:
                stack.append(("other", None, None))
                continue
            # An access label (`public:`) is not part of the head that follows it.
            label = ACCESS_LABELS.match(code, head_start, k)
            head = code[label.end():k]
            name = function_name(head)
            if name is None and _in_member_init_list(head):
                stack.append(("member-init", head_start, None))
                continue
            if name is not None:
                start = label.end()
                stack.append(("function", start, name))
            elif _opens_scope(head):
                stack.append(("scope", None, None))
                head_start = k + 1
            else:
                stack.append(("other", None, None))
        elif ch == "}" and stack:
            kind, start, name = stack.pop()
            if kind == "function" and (not stack or stack[-1][0] == "scope"):
                found.append((name, code.count("\n", 0, start) + 1, code.count("\n", 0, k) + 1))
            if kind == "member-init":
                continue  # the head goes on to the constructor's body
            if not stack or stack[-1][0] == "scope":
                head_start = k + 1
    return found


def _opens_scope(head):
    """True for the head of a namespace, class, struct, union, enum or `extern "C"` body."""
    return SCOPE_HEAD.match(" ".join(head.split())) is not None


def _in_member_init_list(head):
    """True when head is a constructor head whose member list goes on (`: a_{x}, b_`)."""
    flat = " ".join(head.split())
    colon = re.search(r"\)\s*(?:noexcept\s*)?:(?!:)", flat)
    return bool(colon) and function_name(flat[:colon.start() + 1]) is not None


def scan(root):
    """(lines, path, first line, name) of every function under ROOT/src, longest first."""
    results = []
    for directory, _, files in os.walk(os.path.join(root, "src")):
        for file_name in sorted(files):
            if not file_name.endswith(SOURCE_SUFFIXES):
                continue
            path = os.path.join(directory, file_name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            rel = os.path.relpath(path, root)
            for name, first, last in functions(text):
                results.append((last - first + 1, rel, first, name))
    results.sort(key=lambda r: (-r[0], r[1], r[2]))
    return results


def self_test():
    """Counts a function from head to closing brace; braces in literals do not count."""
    long_body = "\n".join(f"  x += {i};" for i in range(78))
    source = (
        "#include <string>\n"                                   # 1
        "namespace demo {\n"                                    # 2
        "struct Table { int rows{0}; int cols = {1}; };\n"      # 3
        "const char* kBraces = \"{{{ not code\";\n"             # 4
        "// a comment with { an open brace\n"                   # 5
        "/* and a block one }} */\n"                            # 6
        "char open_brace() { return '{'; }\n"                   # 7
        "std::string raw() {\n"                                 # 8
        "  return R\"json({\"a\": {)json\";\n"                  # 9
        "}\n"                                                   # 10
        "int digits() { return 1'000'000; }\n"                  # 11
        "int eighty_one(int x)\n"                               # 12
        "{\n"                                                   # 13
        + long_body + "\n"                                      # 14-91
        "  return x;\n"                                         # 92
        "}\n"                                                   # 93 -> 82 lines: 12..93
        "class Box {\n"
        " public:\n"
        "  explicit Box(int side) : side_{side}, area_(side * side) {\n"
        "    auto f = [this](int k) { return k + side_; };\n"
        "    if (side_ > 0) { side_ = f(side_); }\n"
        "  }\n"
        "  int side() const noexcept { return side_; }\n"
        " private:\n"
        "  int side_;\n"
        "  int area_;\n"
        "};\n"
        "const auto kLambda = [](int a) {\n  return a;\n};\n"
        "auto trailing(int a) -> int { return a; }\n"
        "template <class T> struct Scale {\n"
        "  double operator()(double v) const { return v; }\n"
        "  bool operator==(const Scale&) const = default;\n"
        "};\n"
        "}  // namespace demo\n")
    found = {name: (first, last) for name, first, last in functions(source)}
    expected = {"open_brace": (7, 7), "raw": (8, 10), "digits": (11, 11),
                "eighty_one": (12, 93), "Box": (96, 99), "side": (100, 100),
                "trailing": (108, 108), "operator()": (110, 110)}
    assert found == expected, f"found {found}, expected {expected}"

    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "src", "demo"))
        with open(os.path.join(root, "src", "demo", "demo.cpp"), "w") as f:
            f.write(source)
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            assert main(["function_length.py", root, "--max", "82"]) == 0
            assert main(["function_length.py", root, "--max", "81"]) == 1
            assert main(["function_length.py", root]) == 1
        assert "src/demo/demo.cpp:12: eighty_one has 82 lines (at most 80)" in quiet.getvalue()
    print("function length checker self-test passed")


def main(argv):
    args = argv[1:]
    if args == ["--self-test"]:
        self_test()
        return 0
    limit, top, root = 80, 10, None
    while args:
        flag = args.pop(0)
        if flag in ("--max", "--top") and args and args[0].isdigit():
            value = int(args.pop(0))
            limit, top = (value, top) if flag == "--max" else (limit, value)
        elif root is None and not flag.startswith("--"):
            root = flag
        else:
            print(__doc__, file=sys.stderr)
            return 2
    if root is None:
        print(__doc__, file=sys.stderr)
        return 2
    results = scan(root)
    print(f"longest functions under {os.path.join(root, 'src')}:")
    for lines, rel, first, name in results[:top]:
        print(f"  {lines:4d} lines  {rel}:{first}: {name}")
    too_long = [r for r in results if r[0] > limit]
    for lines, rel, first, name in too_long:
        print(f"{rel}:{first}: {name} has {lines} lines (at most {limit}); split it into "
              "well-named parts (DEVELOPERS.md)", file=sys.stderr)
    if too_long:
        return 1
    print(f"every function has at most {limit} lines")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
