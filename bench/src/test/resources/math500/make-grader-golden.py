#!/usr/bin/env python3
"""Writes grader-golden.jsonl: what the PRM800K grader decides for each pair of grader-pairs.txt.

Usage: python3 make-grader-golden.py PRM800K_DIR > grader-golden.jsonl
PRM800K_DIR is a checkout of github.com/openai/prm800k, folder prm800k (the one holding grading/). It needs
sympy and pylatexenc (the versions used: sympy 1.11.1, pylatexenc 2.10, Python 3.11). Each line has the pair,
the grader's mark, and the two normal forms it compares (math_normalize.normalize_answer and grader._normalize)
of each answer, so the Java grader can be checked step by step.
"""
import json
import os
import sys

sys.path.insert(0, sys.argv[1])
from grading import grader, math_normalize  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "grader-pairs.txt"), encoding="utf-8") as pairs:
    for line in pairs:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        given, reference = line.split("\t")
        print(json.dumps({
            "given": given,
            "reference": reference,
            "correct": bool(grader.grade_answer(given, reference)),
            "mathd": [math_normalize.normalize_answer(given), math_normalize.normalize_answer(reference)],
            "normalized": [grader._normalize(given), grader._normalize(reference)],
        }, ensure_ascii=False))
