"""The core stays pure and imports go one way: shells -> core."""

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORE = ROOT / "game" / "core"
FORBIDDEN_IN_CORE = {"pygame", "pygame_gui", "yaml", "socket", "websockets", "pydantic", "io",
                     "os", "pathlib", "shutil", "tempfile", "asyncio", "subprocess"}
SHELLS = {"ui", "net", "report", "cli", "scenario", "sim", "ai"}


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_only_the_standard_library_and_numpy():
    for path in CORE.rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in FORBIDDEN_IN_CORE, f"{path.name} imports {name}"
            if top == "game":
                assert name.startswith("game.core"), f"{path.name} imports shell module {name}"


def test_importing_the_core_loads_neither_pygame_nor_yaml():
    code = (
        "import sys, game.core, pkgutil, importlib\n"
        "for m in pkgutil.iter_modules(game.core.__path__):\n"
        "    importlib.import_module('game.core.' + m.name)\n"
        "bad = [m for m in ('pygame', 'yaml', 'pydantic', 'socket') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_module_imports_the_command_line_back():
    """Command modules sit under game.cli and take their helpers from the leaf game.cli.args;
    nothing else imports game.cli (but `python -m game` and one documented compatibility name)."""
    allowed = {ROOT / "game" / "__main__.py", ROOT / "game" / "ui" / "play_command.py"}
    for path in (ROOT / "game").rglob("*.py"):
        if path in allowed:
            continue
        for name in _imports(path):
            if name == "game.cli" or name.startswith("game.cli."):
                inside = ROOT / "game" / "cli" in path.parents
                assert inside and name == "game.cli.args" or inside and name.startswith(
                    "game.cli."), f"{path.relative_to(ROOT)} imports {name}"
    assert _imports(ROOT / "game" / "cli" / "args.py") <= {"__future__"}
