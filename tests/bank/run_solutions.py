"""Runs the coding questions' solutions against the examples in their prompts.

Reads a JSON list of cases on stdin; prints a JSON list of failures (empty when all pass).
Python case: {"id", "kind": "python", "solution", "example"} - the solution runs, then the example as a doctest.
SQL case: {"id", "kind": "sql", "setup", "query", "expected"} - rows printed as sqlite3 does, '|'-separated.
"""
import doctest
import json
import sqlite3
import sys


def run_python(case):
    namespace = {"__name__": "solution"}
    exec(compile(case["solution"], case["id"], "exec"), namespace)
    test = doctest.DocTestParser().get_doctest(case["example"], namespace, case["id"], case["id"], 0)
    if not test.examples:
        return "the prompt's python block has no >>> example"
    out = []
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test, out=out.append)
    result = runner.summarize(verbose=False)
    return "".join(out) if result.failed else None


def cell(value):
    return "" if value is None else str(value)


def run_sql(case):
    db = sqlite3.connect(":memory:")
    db.executescript(case["setup"])
    rows = ["|".join(cell(v) for v in row) for row in db.execute(case["query"]).fetchall()]
    expected = [line.rstrip() for line in case["expected"].strip().splitlines()]
    return None if rows == expected else "expected:\n%s\ngot:\n%s" % ("\n".join(expected), "\n".join(rows))


def main():
    failures = []
    for case in json.load(sys.stdin):
        try:
            problem = run_python(case) if case["kind"] == "python" else run_sql(case)
        except Exception as error:  # a crash is a failure of that question, not of the harness
            problem = "%s: %s" % (type(error).__name__, error)
        if problem:
            failures.append({"id": case["id"], "problem": problem})
    json.dump(failures, sys.stdout)


main()
