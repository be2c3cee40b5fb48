"""Refresh ``resources/translations/gridworker_en.ts`` from the sources.

    make translations-update    # = .venv/bin/python scripts/update_translations.py

Source strings are Chinese; the English translations live in the .ts file and are kept.
Three kinds of string end up in it:

* what ``pyside6-lupdate`` finds itself in ``gridworker/ui/*.py`` and ``gridworker/app.py``
  (``self.tr("…")``, ``QCoreApplication.translate("Context", "…")``);
* strings lupdate cannot see because they go through a module's small translate helper
  (``_tr("…")`` / ``_tr(context, "…")`` whose body is ``return QCoreApplication.translate(…)``),
  including header tables such as ``_tr(self.HEADERS[section])``: found here with ``ast``;
  a helper that passes a count on (``return QCoreApplication.translate(ctx, text, "", n)``)
  makes its strings plural (``numerus``) messages, translated with ``<numerusform>``s;
* every :class:`~gridrules.vocab.Vocabulary` label (context ``vocab``), which the UI
  translates at run time as ``QCoreApplication.translate("vocab", member.label, "Relation")``:
  the vocabulary's class name is the disambiguation, so a label two vocabularies share (女
  is Female as a ``Sex`` and Daughter as a ``Relation``) gets one translation for each;
* every message template (context ``messages``): the values of the ``TEMPLATES`` tables in
  ``gridrules/messages.py`` and ``gridworker/domain/messages.py`` (message codes rendered by
  ``gridworker.ui.messages``), plus their generic sentence ``GENERIC``;
* every label of the one schema (``gridrules.schema``: entities and their fields, context
  ``fields``).

The last four are written to a temporary stub (``QT_TRANSLATE_NOOP`` calls; for plurals a
class named after the context whose method calls ``self.tr(text, "", n)``, the only form
pyside6-lupdate reads as plural) that is handed to lupdate together with the real sources,
so one lupdate run (``-no-obsolete``) does the merge: existing translations are kept,
vanished strings are dropped, new ones come in as ``unfinished``. The stub's ``<location>``
lines are removed afterwards. Running the script twice gives the same file. Compile
afterwards with ``make translations``.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "translations" / "gridworker_en.ts"
VOCAB_MODULE = ROOT / "gridrules" / "vocab.py"
VOCAB_CONTEXT = "vocab"
MESSAGE_MODULES = (
    ROOT / "gridrules" / "messages.py",
    ROOT / "gridworker" / "domain" / "messages.py",
)
MESSAGES_CONTEXT = "messages"
FIELDS_CONTEXT = "fields"
STUB_NAME = "_gridworker_extra_strings.py"


def source_files(root: Path = ROOT) -> list[Path]:
    """What lupdate scans: the UI package and the application entry point."""
    return [*sorted((root / "gridworker" / "ui").glob("*.py")), root / "gridworker" / "app.py"]


def lupdate_executable() -> str:
    """``pyside6-lupdate`` next to the running interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "pyside6-lupdate"
    return str(beside) if beside.exists() else "pyside6-lupdate"


@dataclass(frozen=True)
class Extra:
    """A message lupdate cannot find on its own."""

    context: str
    source: str
    comment: str  # shown to translators as <extracomment>
    disambiguation: str = ""  # part of the message's identity (<comment>)
    numerus: bool = False  # a count's plural forms (<numerusform>)


# -- vocabulary labels ---------------------------------------------------------------------
def vocab_messages(vocab_module: Path = VOCAB_MODULE) -> list[Extra]:
    """One message per vocabulary and label, in declaration order, disambiguated by the
    vocabulary's class name, naming the members that use it.

    Read from the source with ``ast`` so the script runs without importing the package.
    """
    users: dict[tuple[str, str], list[str]] = {}
    tree = ast.parse(vocab_module.read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name == "Vocabulary":
            continue
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Tuple)
                and len(stmt.value.elts) == 2
                and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in stmt.value.elts
                )
            ):
                label = stmt.value.elts[1].value  # type: ignore[attr-defined]
                member = f"{node.name}.{stmt.targets[0].id}"
                users.setdefault((node.name, label), []).append(member)
    return [
        Extra(VOCAB_CONTEXT, label, ", ".join(names), disambiguation=vocabulary)
        for (vocabulary, label), names in users.items()
    ]


# -- message templates and schema labels ---------------------------------------------------
def template_messages(modules: Iterable[Path] = MESSAGE_MODULES) -> list[Extra]:
    """The Chinese templates of the message tables (``TEMPLATES = {code: template}`` and
    ``GENERIC``), read with ``ast``; the code is shown to translators."""
    out: list[Extra] = []
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        where = module.relative_to(module.parents[1]).as_posix()
        generic = _assigned(tree.body, "GENERIC")
        if isinstance(generic, ast.Constant) and isinstance(generic.value, str):
            out.append(Extra(MESSAGES_CONTEXT, generic.value, f"{where}: any code without words"))
        table = _assigned(tree.body, "TEMPLATES")
        if not isinstance(table, ast.Dict):
            raise ValueError(f"{where}: no TEMPLATES dict")
        for key, value in zip(table.keys, table.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(value, ast.Constant)):
                raise ValueError(f"{where}:{value.lineno}: TEMPLATES must be literal strings")
            out.append(Extra(MESSAGES_CONTEXT, value.value, f"{key.value}"))
    return out


def schema_messages(root: Path = ROOT) -> list[Extra]:
    """Every entity and field label of ``gridrules.schema`` (a pure, standard-library
    package, so importing it here is cheap)."""
    sys.path.insert(0, str(root))
    try:
        from gridrules.schema import ENTITIES
    finally:
        sys.path.remove(str(root))
    out: list[Extra] = []
    for name, spec in ENTITIES.items():
        if spec.label:
            out.append(Extra(FIELDS_CONTEXT, spec.label, name))
        for field, fspec in spec.fields.items():
            if fspec.label:
                out.append(Extra(FIELDS_CONTEXT, fspec.label, f"{name}.{field}"))
    return out


# -- strings behind a module's translate helper -------------------------------------------
@dataclass(frozen=True)
class _Helper:
    context: str | None  # fixed context, or None when the caller passes it
    context_arg: int | None
    text_arg: int
    numerus: bool = False  # passes a count on: translate(ctx, text, "", n)


def _helpers(tree: ast.Module) -> dict[str, _Helper]:
    """Module-level ``def f(...): return <...>.translate(ctx, text)`` wrappers."""
    found: dict[str, _Helper] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        body = node.body[1:] if ast.get_docstring(node) is not None else node.body
        if len(body) != 1:
            continue
        ret = body[0]
        if not (
            isinstance(ret, ast.Return)
            and isinstance(ret.value, ast.Call)
            and _callee_name(ret.value) == "translate"
            and len(ret.value.args) >= 2
        ):
            continue
        params = [a.arg for a in node.args.args]
        ctx, text = ret.value.args[:2]
        if not (isinstance(text, ast.Name) and text.id in params):
            continue  # e.g. vocab_label(member): the vocab messages cover those
        numerus = len(ret.value.args) >= 4
        if isinstance(ctx, ast.Constant) and isinstance(ctx.value, str):
            found[node.name] = _Helper(ctx.value, None, params.index(text.id), numerus)
        elif isinstance(ctx, ast.Name) and ctx.id in params:
            found[node.name] = _Helper(
                None, params.index(ctx.id), params.index(text.id), numerus
            )
    return found


def _callee_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _string_constants(node: ast.AST | None) -> list[str] | None:
    """Strings of a literal tuple/list/set, or the values of a literal dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items: Iterable[ast.AST | None] = node.elts
    elif isinstance(node, ast.Dict):
        items = node.values
    else:
        return None
    out: list[str] = []
    for item in items:
        if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
            return None
        out.append(item.value)
    return out


def _assigned(body: Iterable[ast.stmt], name: str) -> ast.AST | None:
    """The value last assigned to ``name`` directly in ``body`` (plain or annotated)."""
    value: ast.AST | None = None
    for stmt in body:
        if (
            isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
        ) or (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == name
        ):
            value = stmt.value
    return value


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, list[ast.stmt], list[ast.stmt]]]:
    """Every call node with its enclosing function body and class body (or [] if none)."""

    def walk(node: ast.AST, func: list[ast.stmt], cls: list[ast.stmt]) -> Iterator:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                yield from walk(child, [], child.body)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from walk(child, child.body, cls)
            else:
                if isinstance(child, ast.Call):
                    yield child, func, cls
                yield from walk(child, func, cls)

    yield from walk(tree, [], [])


def _resolve(node: ast.AST, scopes: tuple[list[ast.stmt], ...]) -> list[str] | None:
    """The strings ``node`` stands for: a literal, a constant of the enclosing function, class
    or module, or an item of such a constant table (``HEADERS[i]``, ``self.HEADERS[i]``)."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        for scope in scopes:
            value = _assigned(scope, node.id)
            if value is not None:
                return _string_constants(value)
        return None
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    ):
        return _string_constants(_assigned(scopes[1], node.attr))
    return _string_constants(node)


def helper_messages(files: Iterable[Path], root: Path = ROOT) -> tuple[list[Extra], list[str]]:
    """Messages passed through translate helpers, plus warnings for calls not understood."""
    messages: list[Extra] = []
    warnings: list[str] = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        helpers = _helpers(tree)
        if not helpers:
            continue
        where = path.relative_to(root).as_posix()
        for call, func_body, class_body in _scopes(tree):
            assert isinstance(call, ast.Call)
            if not isinstance(call.func, ast.Name) or call.func.id not in helpers:
                continue
            helper = helpers[call.func.id]

            scopes = (func_body, class_body, tree.body)
            line = f"{where}:{call.lineno}"
            if helper.context is not None:
                contexts: list[str] | None = [helper.context]
            elif helper.context_arg is not None and len(call.args) > helper.context_arg:
                contexts = _resolve(call.args[helper.context_arg], scopes)
            else:
                contexts = None
            texts = None
            if len(call.args) > helper.text_arg:
                texts = _resolve(call.args[helper.text_arg], scopes)
            if not contexts or len(contexts) != 1 or texts is None:
                warnings.append(f"{line}: cannot read the text passed to {call.func.id}()")
                continue
            messages.extend(
                Extra(contexts[0], text, where, numerus=helper.numerus) for text in texts
            )
    return messages, warnings


def extra_messages(root: Path = ROOT) -> tuple[list[Extra], list[str]]:
    """Helper-wrapped strings and vocabulary labels, de-duplicated, in a stable order."""
    helper, warnings = helper_messages(source_files(root), root)
    merged: dict[tuple[str, str], Extra] = {}
    tables = [root / "gridrules" / "messages.py", root / "gridworker" / "domain" / "messages.py"]
    for msg in [
        *helper,
        *vocab_messages(root / "gridrules" / "vocab.py"),
        *template_messages(tables),
        *schema_messages(root),
    ]:
        key = (msg.context, msg.source, msg.disambiguation)
        if key in merged:
            old = merged[key]
            if msg.comment not in old.comment.split(", "):
                merged[key] = replace(old, comment=f"{old.comment}, {msg.comment}")
        else:
            merged[key] = msg
    return list(merged.values()), warnings


def write_stub(path: Path, messages: Iterable[Extra]) -> None:
    """A Python file lupdate can read: one commented QT_TRANSLATE_NOOP per message, and for
    plurals a ``self.tr(text, "", n)`` in a class named after the context."""
    lines = ["# Generated by scripts/update_translations.py for lupdate; never imported.\n"]
    for msg in messages:
        comment = " ".join(msg.comment.split())
        if msg.numerus:
            if not msg.context.isidentifier():
                raise ValueError(f"plural strings need a context that is a name: {msg.context!r}")
            lines.append(f"class {msg.context}(QObject):\n    def _(self, n):\n")
            lines.append(f"        #: {comment}\n")
            lines.append(f"        self.tr({msg.source!r}, {msg.disambiguation!r}, n)\n")
            continue
        lines.append(f"#: {comment}\n")
        extra = f", {msg.disambiguation!r}" if msg.disambiguation else ""
        lines.append(f"QT_TRANSLATE_NOOP({msg.context!r}, {msg.source!r}{extra})\n")
    path.write_text("".join(lines), encoding="utf-8")


_STUB_LOCATION = re.compile(rf'^\s*<location filename="[^"]*{re.escape(STUB_NAME)}"[^>]*/>\n', re.M)


def run_lupdate(ts_file: Path, root: Path = ROOT, *, quiet: bool = False) -> list[str]:
    """lupdate the sources plus the extra strings into ``ts_file``; returns the warnings."""
    extras, warnings = extra_messages(root)
    with tempfile.TemporaryDirectory(prefix="gridworker-lupdate-") as tmp:
        stub = Path(tmp) / STUB_NAME
        write_stub(stub, extras)
        cmd = [
            lupdate_executable(),
            *(str(p) for p in source_files(root)),
            str(stub),
            "-no-obsolete",
            "-locations",
            "absolute",
            "-ts",
            str(ts_file),
        ]
        if quiet:
            cmd.insert(1, "-silent")
        subprocess.run(cmd, check=True, cwd=root, env={**os.environ, "PYTHONUTF8": "1"})
    text = ts_file.read_text(encoding="utf-8")
    ts_file.write_text(_STUB_LOCATION.sub("", text), encoding="utf-8")
    return warnings


def main() -> int:
    TS_FILE.parent.mkdir(parents=True, exist_ok=True)
    warnings = run_lupdate(TS_FILE)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    unfinished = TS_FILE.read_text(encoding="utf-8").count('type="unfinished"')
    rel = TS_FILE.relative_to(ROOT)
    if unfinished:
        print(f"{rel}: {unfinished} message(s) still need an English translation")
    else:
        print(f"{rel}: every message is translated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
