#!/usr/bin/python3
"""Regenerates every golden file in tests/golden from PyTorch (Debian's python3-torch).

    /usr/bin/python3 tests/golden/generate.py

Runs each gen_*.py beside this file; each writes its own <topic>.json. The files are committed: the
C++ tests read them and never need Python. Format of a file: {"cases": [ {...}, ... ]}, where a tensor
is a list of rows of float64 numbers (printed with 17 significant digits, so nothing is lost).
"""
import pathlib
import runpy
import sys

here = pathlib.Path(__file__).resolve().parent
scripts = sorted(here.glob("gen_*.py"))
if not scripts:
    sys.exit("no gen_*.py found beside generate.py")
for script in scripts:
    print(f"running {script.name}")
    runpy.run_path(str(script), run_name="__main__")
