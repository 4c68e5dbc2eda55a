#!/usr/bin/env python3
"""Check the source layout of the crate in src/: module tree, dependency cycles,
forbidden imports, file sizes and module docs.

Usage: scripts/check-layout.py [REPO_ROOT]     (default: this script's parent's parent)

Prints one line per violation, `file:line: what is wrong`, and exits 1; on success prints
`layout ok: N modules, M edges, no cycles` and exits 0. Standard library only, deterministic
(sorted output), a fraction of a second on a 10k-line crate.

Rules
1. Module tree. Every src/**/*.rs file is a module: src/lib.rs is `crate`, src/a.rs and
   src/a/mod.rs are `crate::a`, src/a/b.rs is `crate::a::b`. src/main.rs (and src/bin/**) is
   a binary: it is checked by rules 4-6 only; its `<crate name>::` paths count as uses of the
   library's modules but it is not part of the dependency graph. Having both src/a.rs and
   src/a/mod.rs, or a file name that is not a Rust identifier, is a violation.
   Test code is not part of the graph: from a line `#[cfg(test)]` whose next non-blank line
   is `mod tests` (optionally `pub`/`pub(...)`) to the end of the file.
2. Edges. In each file's non-test code, comments (`//`, `///`, `//!`, `/* */`), string,
   raw-string, byte-string and char literals are blanked first; then
   - `use` declarations are parsed as use trees (`use crate::a::{self, b::C as D, e::{f, g}}`,
     over several lines) and each leaf path is taken;
   - inline paths in code are taken: `crate::x::y::f(`, `super::z::T`, `self::m::g`,
     `super::super::...`, `$crate::...`.
   `crate` is the root, `super` the parent module, `self` the file's module (a mod.rs file is
   its directory's module). Bare relative paths (`std::`, `serde::`, child-module names) are not
   crate edges. Each absolute path is resolved to its longest prefix that is a known module,
   so `crate::structure::rules::Rules` -> `crate::structure::rules` and `crate::model::Article`
   -> `crate::model`. A use of the file's own module is not an edge.
3. Cycles. Every edge A -> B is lifted to siblings: C is the deepest common ancestor of A and
   B; if A is an ancestor of B or B of A the edge is ignored (a parent using its child, a
   child using its parent); else it becomes childOf(C toward A) -> childOf(C toward B), an
   edge of C's sibling graph. Any strongly connected component of more than one node (Tarjan)
   is a violation, printed as one line per edge inside the component, at an example use
   (the first file:line) that creates it.
4. Forbidden imports, configured in FORBIDDEN_MODULES / FORBIDDEN_TEXT below. A rule's scope
   is a module and everything below it (`crate::writer` = src/writer.rs, src/writer/mod.rs and
   src/writer/**). Module rules check resolved absolute paths (uses and inline paths, whether
   the target module exists or not); text rules check the code with comments blanked (string
   literals are kept, so `Command::new("fc-match")` is caught). Test code is exempt unless a
   rule says "tests": True.
   - modules under crate::writer must not use crate::cli or crate::settings (or below; also
     crate::options, the older name of crate::settings::resolve);
   - only crate::writer::pdf (src/writer/pdf.rs, src/writer/pdf/**) may mention the external
     crates printpdf / lopdf (`printpdf::`, `lopdf::`, `use printpdf`, `extern crate lopdf`);
   - no code under crate::writer may contain `fc-match`, `fc_match`, `File::open`,
     `fs::read(`, `fs::read_to_string` or `Command::new`: fonts and files are opened outside
     the writers.
5. Size: no .rs file under src/ over MAX_LINES (600) lines; src/main.rs under MAIN_LIMIT (150).
6. Docs: every .rs file under src/ starts with a `//!` line, after optional blank lines and
   inner attributes `#![...]`.
"""

from __future__ import annotations

import bisect
import re
import sys
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Configuration

# Rule 4a: (scope module, forbidden module prefixes, why). The scope covers the module and its
# descendants; a forbidden prefix matches the module and everything below it.
FORBIDDEN_MODULES = [
    {
        "scope": "crate::writer",
        # crate::options is the pre-refactoring name of crate::settings::resolve.
        "forbid": ["crate::cli", "crate::settings", "crate::options"],
        "why": "writers take their own option types; the command line and settings are resolved outside them",
        "tests": False,
    },
]

# Rule 4b: regexes over comment-free code (strings kept). "allow" lists modules (and their
# descendants) that may match; "scope" lists where the rule applies (None: everywhere).
FORBIDDEN_TEXT = [
    {
        "scope": None,
        "allow": ["crate::writer::pdf"],
        "pattern": r"(?<![\w:])(?:printpdf|lopdf)\s*::|\b(?:use|extern\s+crate)\s+(?:printpdf|lopdf)\b",
        "what": "only crate::writer::pdf may use printpdf or lopdf",
        "tests": False,
    },
    {
        "scope": ["crate::writer"],
        "allow": [],
        "pattern": r"fc-match|fc_match|File::open|fs::read\(|fs::read_to_string|Command::new",
        "what": "a writer must not open files or run commands; fonts and files are opened outside the writers",
        "tests": False,
    },
]

MAX_LINES = 600  # rule 5: more lines than this is a violation
MAIN_LIMIT = 150  # rule 5: src/main.rs must have fewer lines than this

# ---------------------------------------------------------------------------------------------
# Lexing

# One left-to-right pass: the first alternative that matches at a position wins, so `//`
# inside a string stays in the string and `"` inside a comment stays in the comment.
TOKEN = re.compile(
    r"""(?P<line>//[^\n]*)
      | (?P<block>/\*[\s\S]*?\*/)
      | (?P<raw>(?<![\w])b?r(?P<hashes>\#*)"[\s\S]*?"(?P=hashes))
      | (?P<str>(?<![\w])b?"(?:\\[\s\S]|[^"\\])*")
      | (?P<char>(?<![\w])b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|[^\n])|[^'\\\n])')
    """,
    re.VERBOSE,
)


NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str) -> str:
    """`text` as spaces, newlines kept: offsets and line numbers survive."""
    return NOT_NEWLINE.sub(" ", text)


def clean(text: str) -> tuple[str, str]:
    """(code without comments, code without comments and literals), both as long as `text`."""
    no_comments: list[str] = []
    no_literals: list[str] = []
    pos = 0
    for m in TOKEN.finditer(text):
        before = text[pos : m.start()]
        no_comments.append(before)
        no_literals.append(before)
        s = m.group()
        gone = blank(s)
        no_comments.append(gone if m.lastgroup in ("line", "block") else s)
        no_literals.append(gone)
        pos = m.end()
    no_comments.append(text[pos:])
    no_literals.append(text[pos:])
    return "".join(no_comments), "".join(no_literals)


TEST_MOD = re.compile(r"\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+tests\b")


def test_start(code_lines: list[str]) -> int:
    """Index of the first line of test code (`#[cfg(test)]` + `mod tests`), or len()."""
    for i, line in enumerate(code_lines):
        if line.strip() == "#[cfg(test)]":
            for nxt in code_lines[i + 1 :]:
                if nxt.strip():
                    if TEST_MOD.match(nxt):
                        return i
                    break
    return len(code_lines)


# ---------------------------------------------------------------------------------------------
# Paths

USE_DECL = re.compile(r"(?<![\w:#])use\s+([^;]*);")
USE_TOKEN = re.compile(r"::|[{},*]|r#\w+|[A-Za-z_]\w*|\S")
INLINE_PATH = re.compile(r"(?<![\w:$])(\$?crate|super|self|[A-Za-z_]\w*)((?:\s*::\s*[A-Za-z_]\w*)+)")
PUB_IN = re.compile(r"pub\s*\(\s*in\s+[^)]*\)")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_use_tree(body: str, base_offset: int) -> list[tuple[list[str], int]]:
    """Leaf paths of one use tree, each with the offset of its last token."""
    toks = [(m.group(), base_offset + m.start()) for m in USE_TOKEN.finditer(body)]
    leaves: list[tuple[list[str], int]] = []

    def tree(i: int, prefix: list[str]) -> int:
        segs = list(prefix)
        last = toks[i][1] if i < len(toks) else base_offset
        if i < len(toks) and toks[i][0] == "::":
            i += 1  # `use ::std::...`: a leading `::`
            if not segs:
                segs.append("::")
        while i < len(toks):
            tok, off = toks[i]
            if tok == "{":
                i += 1
                while i < len(toks) and toks[i][0] != "}":
                    i = tree(i, segs)
                    if i < len(toks) and toks[i][0] == ",":
                        i += 1
                    elif i < len(toks) and toks[i][0] != "}":
                        i += 1  # unexpected token: skip it
                return i + 1
            if tok == "*":
                leaves.append((segs + ["*"], off))
                return i + 1
            if IDENT.match(tok) or tok.startswith("r#"):
                segs.append(tok.removeprefix("r#"))
                last = off
                i += 1
                if i < len(toks) and toks[i][0] == "::":
                    i += 1
                    continue
                break
            return i + 1  # not a path token
        if i < len(toks) and toks[i][0] == "as":
            i += 2
        if segs and segs != list(prefix):
            leaves.append((segs, last))
        return i

    i = 0
    while i < len(toks):
        i = tree(i, [])
        if i < len(toks) and toks[i][0] == ",":
            i += 1
    return leaves


def absolute(module: tuple[str, ...] | None, segs: list[str], crate_name: str) -> tuple[str, ...] | None:
    """The absolute path (`crate`, ...) of `segs` used in `module` (None: in a binary)."""
    if not segs:
        return None
    head, rest = segs[0], segs[1:]
    if module is None:  # a binary: only `<crate name>::` reaches the library
        if head != crate_name:
            return None
        base: tuple[str, ...] = ("crate",)
    elif head in ("crate", "$crate"):
        base = ("crate",)
    elif head == "self":
        base = module
    elif head == "super":
        base = module[:-1]
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
        if not base:
            return None  # above the crate root
    else:
        return None  # an external crate, a std path or a relative name
    out = list(base)
    for s in rest:
        if s in ("self", "*"):
            continue
        if s == "super":
            if len(out) > 1:
                out.pop()
            continue
        out.append(s)
    return tuple(out)


def resolve(path: tuple[str, ...], modules: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    for k in range(len(path), 0, -1):
        if path[:k] in modules:
            return path[:k]
    return None


def under(path: tuple[str, ...], prefix: tuple[str, ...]) -> bool:
    return path[: len(prefix)] == prefix


def mod_tuple(name: str) -> tuple[str, ...]:
    return tuple(name.split("::"))


def show(m: tuple[str, ...]) -> str:
    return "::".join(m)


# ---------------------------------------------------------------------------------------------
# Files


class Source:
    def __init__(self, rel: str, module: tuple[str, ...] | None, text: str):
        self.rel = rel
        self.module = module  # None for a binary
        self.text = text
        self.raw_lines = text.split("\n")
        if self.raw_lines and self.raw_lines[-1] == "":
            self.raw_lines.pop()
        self.no_comments, self.code = clean(text)
        self.test_from = test_start(self.code.split("\n"))  # 0-based line index
        starts = [0]
        for m in re.finditer("\n", self.code):
            starts.append(m.end())
        self.line_starts = starts
        self.test_offset = starts[self.test_from] if self.test_from < len(starts) else len(self.code)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def in_scope(self, scope: str) -> bool:
        """Whether the file is `scope` or below it; the scope "main" is the binaries."""
        if self.module is None:
            return scope == "main"
        return under(self.module, mod_tuple(scope))

    def paths(self, crate_name: str, tests: bool) -> list[tuple[tuple[str, ...], int]]:
        """Absolute crate paths used in the file: (path, line)."""
        code = self.code if tests else self.code[: self.test_offset]
        code = PUB_IN.sub(lambda m: blank(m.group()), code)
        found: list[tuple[tuple[str, ...], int]] = []
        spans: list[tuple[int, int]] = []
        for m in USE_DECL.finditer(code):
            spans.append((m.start(), m.end()))
            for segs, off in parse_use_tree(m.group(1), m.start(1)):
                p = absolute(self.module, segs, crate_name)
                if p is not None:
                    found.append((p, self.line_of(off)))
        # Inline paths outside use declarations.
        parts, pos = [], 0
        for a, b in spans:
            parts.append(code[pos:a])
            parts.append(blank(code[a:b]))  # same length: offsets survive
            pos = b
        parts.append(code[pos:])
        rest = "".join(parts)
        for m in INLINE_PATH.finditer(rest):
            segs = [m.group(1)] + [s.strip() for s in m.group(2).split("::") if s.strip()]
            p = absolute(self.module, segs, crate_name)
            if p is not None:
                found.append((p, self.line_of(m.start())))
        return found


def crate_name_of(root: Path) -> str:
    name = "crate"
    try:
        toml = (root / "Cargo.toml").read_text(encoding="utf-8")
    except OSError:
        return name
    section = ""
    for line in toml.splitlines():
        s = line.strip()
        if s.startswith("["):
            section = s
            continue
        m = re.match(r'name\s*=\s*"([^"]+)"', s)
        if m and section == "[lib]":
            return m.group(1).replace("-", "_")
        if m and section == "[package]":
            name = m.group(1).replace("-", "_")
    return name


# ---------------------------------------------------------------------------------------------
# Checks


def tarjan(nodes: list, edges: dict) -> list[list]:
    """Strongly connected components, iteratively; deterministic for sorted input."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    comps: list[list] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    advanced = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                comps.append(sorted(comp))
    return comps


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        print("usage: check-layout.py [REPO_ROOT]", file=sys.stderr)
        return 2
    root = Path(argv[1]) if len(argv) == 2 else Path(__file__).resolve().parent.parent
    src = root / "src"
    if not src.is_dir():
        print(f"{src}: no such directory", file=sys.stderr)
        return 2
    crate_name = crate_name_of(root)

    tree_errors: list[str] = []
    sources: list[Source] = []
    owner: dict[tuple[str, ...], str] = {}
    for path in sorted(src.rglob("*.rs")):
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(src).with_suffix("").parts
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            tree_errors.append(f"{rel}:1: cannot read: {e}")
            continue
        if parts == ("main",) or parts[0] == "bin":
            sources.append(Source(rel, None, text))
            continue
        if parts == ("lib",):
            module: tuple[str, ...] = ("crate",)
        else:
            segs = list(parts[:-1]) if parts[-1] == "mod" else list(parts)
            bad = [s for s in segs if not IDENT.match(s)]
            if bad or not segs:
                tree_errors.append(f"{rel}:1: `{'/'.join(parts)}` is not a module path (not a Rust identifier)")
                continue
            module = ("crate", *segs)
        if module in owner:
            tree_errors.append(f"{rel}:1: {show(module)} is also {owner[module]}; keep one file per module")
            continue
        owner[module] = rel
        sources.append(Source(rel, module, text))
    modules = set(owner)

    # Rule 2: edges (first example of each, by file then line).
    edges: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, int]] = {}
    for s in sources:
        if s.module is None:
            continue
        for path, line in sorted(s.paths(crate_name, tests=False), key=lambda x: x[1]):
            target = resolve(path, modules)
            if target is None or target == s.module:
                continue
            edges.setdefault((s.module, target), (s.rel, line))

    # Rule 3: lift to sibling graphs, find components.
    lifted: dict[tuple[str, ...], dict] = {}
    examples: dict = {}
    for (a, b), ex in sorted(edges.items()):
        if under(a, b) or under(b, a):
            continue
        k = 0
        while a[k] == b[k]:
            k += 1
        parent, x, y = a[:k], a[: k + 1], b[: k + 1]
        lifted.setdefault(parent, {}).setdefault(x, set()).add(y)
        examples.setdefault((x, y), (ex, a, b))
    cycle_errors: list[str] = []
    for parent in sorted(lifted):
        graph = lifted[parent]
        nodes = sorted(set(graph) | {w for ws in graph.values() for w in ws})
        for comp in sorted(c for c in tarjan(nodes, graph) if len(c) > 1):
            members = set(comp)
            names = ", ".join(m[-1] for m in comp)
            for x in comp:
                for y in sorted(graph.get(x, ())):
                    if y in members:
                        (rel, line), a, b = examples[(x, y)]
                        via = "" if (a, b) == (x, y) else f" ({show(a)} uses {show(b)})"
                        cycle_errors.append(
                            f"{rel}:{line}: cycle in {show(parent)} {{{names}}}: "
                            f"{x[-1]} -> {y[-1]}{via}"
                        )

    # Rule 4: forbidden imports.
    forbid_errors: list[str] = []
    for rule in FORBIDDEN_MODULES:
        banned = [mod_tuple(f) for f in rule["forbid"]]
        for s in sources:
            if not s.in_scope(rule["scope"]):
                continue
            seen = set()
            for path, line in s.paths(crate_name, tests=rule.get("tests", False)):
                for f in banned:
                    if under(path, f) and (line, f) not in seen:
                        seen.add((line, f))
                        forbid_errors.append(
                            f"{s.rel}:{line}: {show(s.module)} uses {show(path)}; "
                            f"{rule['scope']} must not use {show(f)} ({rule['why']})"
                        )
    for rule in FORBIDDEN_TEXT:
        pattern = re.compile(rule["pattern"])
        for s in sources:
            if rule["scope"] is not None and not any(s.in_scope(m) for m in rule["scope"]):
                continue
            if any(s.in_scope(m) for m in rule["allow"]):
                continue
            code = s.no_comments if rule.get("tests", False) else s.no_comments[: s.test_offset]
            hits: dict[int, list[str]] = {}
            for m in pattern.finditer(code):
                found = hits.setdefault(s.line_of(m.start()), [])
                text = re.sub(r"\s+", " ", m.group().strip())
                if text not in found:
                    found.append(text)
            for line, found in hits.items():
                what = ", ".join(f"`{t}`" for t in found)
                forbid_errors.append(f"{s.rel}:{line}: {what}: {rule['what']}")

    # Rules 5 and 6: size and docs.
    size_errors: list[str] = []
    doc_errors: list[str] = []
    for s in sources:
        n = len(s.raw_lines)
        if n > MAX_LINES:
            size_errors.append(f"{s.rel}:{MAX_LINES + 1}: {n} lines, over the {MAX_LINES}-line limit")
        if s.rel == "src/main.rs" and n >= MAIN_LIMIT:
            size_errors.append(f"{s.rel}:{MAIN_LIMIT}: {n} lines, main.rs must stay under {MAIN_LIMIT}")
        depth, first = 0, None
        for i, line in enumerate(s.raw_lines, 1):
            t = line.strip()
            if depth > 0:
                depth += t.count("[") - t.count("]")
                continue
            if not t:
                continue
            if t.startswith("#!["):
                depth = t.count("[") - t.count("]")
                continue
            first = (i, t)
            break
        if first is None:
            doc_errors.append(f"{s.rel}:1: no `//!` module doc (the file is empty)")
        elif not first[1].startswith("//!"):
            doc_errors.append(f"{s.rel}:{first[0]}: does not start with a `//!` module doc")

    def key(e: str):
        f, line, rest = e.split(":", 2)
        return (f, int(line), rest)

    errors = (
        sorted(tree_errors, key=key)
        + cycle_errors  # grouped by component, already sorted
        + sorted(forbid_errors, key=key)
        + sorted(size_errors, key=key)
        + sorted(doc_errors, key=key)
    )
    if errors:
        print("\n".join(errors))
        print(f"layout: {len(errors)} violation{'s' if len(errors) != 1 else ''}", file=sys.stderr)
        return 1
    print(f"layout ok: {len(modules)} modules, {len(edges)} edges, no cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
