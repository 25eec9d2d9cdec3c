"""Shared part of the notebook generators (scripts/gen-*.py): cell builders with stable ids, the kernel metadata and
the writer. A generator builds a `Notebook`, adds its cells with `md(...)` / `code(...)` and calls `write()`.

The output is nbformat 4.5 with cell ids and no outputs (execution_count null, outputs []), written as JSON with
indent=1, non-ASCII characters kept, and a trailing newline. Cell and notebook keys come out in nbformat's sorted
order unless a generator passes its own order (the tour and tutorial 3 were first written with another order; they
keep it so that regenerating them gives the committed files byte for byte).
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent

KERNELSPEC = {"name": "landscape-lab", "display_name": "TypeScript (landscape-lab)", "language": "typescript"}
LANGUAGE_INFO = {"name": "typescript"}
LANGUAGE_INFO_FULL = {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"}

SORTED_CODE_KEYS = ("cell_type", "execution_count", "id", "metadata", "outputs", "source")
ID_FIRST_CODE_KEYS = ("cell_type", "id", "metadata", "execution_count", "outputs", "source")
SORTED_TOP_KEYS = ("cells", "metadata", "nbformat", "nbformat_minor")
FORMAT_FIRST_TOP_KEYS = ("nbformat", "nbformat_minor", "metadata", "cells")


class Notebook:
    """The cells of one notebook, written to notebooks/<name>.

    id_format: how a cell without an explicit id is named, e.g. "md{n}" / "tour-{n:02d}" with n the cell's index
      (a dict {"markdown": ..., "code": ...} gives one format per cell type); None means every cell needs an id.
    """

    def __init__(self, name, id_format=None, language_info=LANGUAGE_INFO, code_keys=SORTED_CODE_KEYS,
                 top_keys=SORTED_TOP_KEYS):
        self.name = name
        self.id_format = id_format
        self.language_info = language_info
        self.code_keys = code_keys
        self.top_keys = top_keys
        self.cells = []

    def _id(self, kind, cid):
        if cid is not None:
            return cid
        fmt = self.id_format[kind] if isinstance(self.id_format, dict) else self.id_format
        if fmt is None:
            raise ValueError(f"{self.name}: cell {len(self.cells)} needs an id")
        return fmt.format(n=len(self.cells))

    def md(self, text, cid=None):
        """Adds a markdown cell (its source without leading and trailing newlines)."""
        self.cells.append({"cell_type": "markdown", "id": self._id("markdown", cid), "metadata": {},
                           "source": text.strip("\n")})

    def code(self, text, cid=None, tags=None):
        """Adds a code cell without outputs; `tags` (e.g. ["parameters"]) go into its metadata."""
        cell = {"cell_type": "code", "id": self._id("code", cid), "metadata": {"tags": tags} if tags else {},
                "execution_count": None, "outputs": [], "source": text.strip("\n")}
        self.cells.append({k: cell[k] for k in self.code_keys})

    def to_json(self):
        """The notebook as a dict (nbformat 4.5)."""
        nb = {"cells": self.cells, "metadata": {"kernelspec": KERNELSPEC, "language_info": self.language_info},
              "nbformat": 4, "nbformat_minor": 5}
        return {k: nb[k] for k in self.top_keys}

    def write(self):
        """Writes notebooks/<name> (indent=1, UTF-8, trailing newline) and returns its path."""
        ids = [c["id"] for c in self.cells]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.name}: duplicate cell ids")
        out = ROOT / "notebooks" / self.name
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", out)
        return out
