"""The export files of a region's boards: a board given by `path` (or `git`, cloned first) is
exported into a scratch folder (JSONL, as `assure export --format jsonl` writes it); one given by
`export` is used where it is. `queries/region/load.py` then reads them all the same way."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assurance_cli.model.region_file import RegionFile
from assurance_cli.problems import AssureError, Problem
from assurance_cli.queries.export_board import read_board
from assurance_cli.queries.region.load import BoardFiles, exported_board
from assurance_cli.render.export_files import write_export
from assurance_cli.repo.region import without_credentials


class PersonalData(AssureError):
    """Boards whose records may hold personal data: not read."""

    def __init__(self, found: dict[str, tuple[Problem, ...]]) -> None:
        count = sum(len(problems) for problems in found.values())
        boards = ", ".join(f"'{board}'" for board in found)
        super().__init__(
            f"not read: the records of {boards} may hold personal data ({count} privacy "
            f"error{'s' if count != 1 else ''}, listed above); remove it, or pass "
            "--allow-personal-data"
        )
        self.found = found


def region_files(
    region: RegionFile,
    base: Path,
    scratch: Path,
    *,
    allow_personal_data: bool = False,
    use_cache: bool = True,
) -> list[BoardFiles]:
    """Each board's export files, in the region file's order (paths relative to `base`, the
    region file's folder). PersonalData when a board's check finds personal data, unless
    allowed; AssureError when a board cannot be read."""
    found: list[BoardFiles] = []
    personal: dict[str, tuple[Problem, ...]] = {}
    for board in region.boards:
        if board.export is not None:
            found.append(exported_board(board.id, base / board.export, board.export))
            continue
        if board.git is not None:
            from assurance_cli.repo.region import clone_board

            root = clone_board(board.git, scratch / "clones" / board.id)
        else:
            assert board.path is not None
            root = base / board.path
        if not (root / "data").is_dir():
            raise AssureError(f"board '{board.id}': no data/ folder in {root}")
        export = read_board(root, board_id=board.id, use_cache=use_cache)
        if export.personal_data and not allow_personal_data:
            personal[board.id] = export.personal_data
            continue
        folder = scratch / board.id
        write_export(folder, export.tables, "jsonl", board_id=board.id, commit=export.commit)
        source = board.path or without_credentials(board.git or "")
        files = BoardFiles(board.id, folder, "jsonl", source, export.commit)
        found.append(replace(files, left_out=export.left_out, personal_data=export.personal_data))
    if personal:
        raise PersonalData(personal)
    return found
