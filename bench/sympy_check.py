"""The check benchmark's comparison: the same pairs decided by SymPy's simplify(a - b) == 0.

Reads lines "expected<TAB>answer" in chainrule's plain notation and prints the median time of
one check in microseconds: parsing the answer and deciding, as chainrule's check does."""
import statistics
import sys
import time

import sympy
from sympy.parsing.sympy_parser import (convert_xor, parse_expr,
                                        standard_transformations)

names = {"sigmoid": lambda u: 1 / (1 + sympy.exp(-u)), "log": sympy.log}
transformations = standard_transformations + (convert_xor,)
times = []
with open(sys.argv[1], encoding="utf-8") as corpus:
    for line in corpus:
        expected_text, answer_text = line.rstrip("\n").split("\t")
        a = parse_expr(expected_text, local_dict=names, transformations=transformations)
        start = time.perf_counter()
        b = parse_expr(answer_text, local_dict=names, transformations=transformations)
        sympy.simplify(a - b) == 0
        times.append((time.perf_counter() - start) * 1e6)
print(statistics.median(times), statistics.mean(times))
