"""Writes examples/dasweep_table.ipynb from examples/dasweep_table.py (the same cells; no outputs).

The script is in the "percent" format that Jupytext, VS Code and Spyder read: a line `# %%` starts a code cell,
`# %% [markdown]` a markdown cell whose lines are comments. Standard library only:

    python3 examples/ipynb_from_py.py

NotebookTest checks that the two files hold the same cells.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def cells(script):
    out = []
    for block in script.split("# %%")[1:]:
        head, _, body = block.partition("\n")
        body = body.strip("\n")
        if head.strip() == "[markdown]":
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.split("\n"))
            out.append({"cell_type": "markdown", "metadata": {}, "source": text})
        else:
            out.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": body})
    for cell in out:  # nbformat keeps source as a list of lines, each but the last ending with a newline
        lines = cell["source"].split("\n")
        cell["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    return out


def main():
    notebook = {
        "cells": cells((HERE / "dasweep_table.py").read_text(encoding="utf-8")),
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    target = HERE / "dasweep_table.ipynb"
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote", target)


if __name__ == "__main__":
    main()
