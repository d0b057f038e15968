"""Throwaway plug-in distributions for tests: a folder laid out as pip would install one."""

from __future__ import annotations

import pathlib
import textwrap


def write_plugin(
    root: pathlib.Path,
    distribution: str,
    entry_points: dict[str, str],
    modules: dict[str, str],
) -> pathlib.Path:
    """Make ``root`` look like site-packages holding one installed plug-in distribution.

    Writes ``<distribution>-0.1.dist-info`` (METADATA + entry_points.txt in the
    ``multikeras.backends`` group) and the given modules (dotted name -> source).
    Putting ``root`` on ``sys.path`` is then exactly what ``pip install`` would do.
    """
    dist_info = root / f"{distribution.replace('-', '_')}-0.1.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1\n", encoding="utf-8"
    )
    lines = ["[multikeras.backends]"] + [f"{name} = {target}" for name, target in entry_points.items()]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for dotted, source in modules.items():
        parts = dotted.split(".")
        folder = root.joinpath(*parts[:-1])
        folder.mkdir(parents=True, exist_ok=True)
        package = root
        for part in parts[:-1]:
            package = package / part
            (package / "__init__.py").touch()
        (folder / f"{parts[-1]}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return root
