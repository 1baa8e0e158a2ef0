"""Runs a learner's solution against an exercise's tests and reports each result as a JSON line.

Started by mle-prep in a fresh temporary folder holding spec.json and the solution. The limits that the
process itself can enforce are set here, before the learner's code is read; mle-prep enforces the wall time,
the process count and the output cap from outside, since code can dodge any check made in its own process.
"""
import json
import math
import os
import sys
import traceback

RESULTS = "results.jsonl"
SOLUTION = "solution"
MAX_REPR = 600


def emit(record):
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def cap_memory(limit):
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not every platform has RLIMIT_AS; the wall-time limit still holds


def short(value):
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ in the learner's class
        text = "<unprintable %s: %s>" % (type(value).__name__, error)
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 3] + "..."


def where(error):
    """The exception and the line of the learner's file it came from."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == SOLUTION:
            line = frame.lineno
    if isinstance(error, SyntaxError) and error.filename == SOLUTION:
        line = error.lineno
    detail = str(error)
    text = "%s: %s" % (type(error).__name__, detail) if detail else type(error).__name__
    return text + (" (line %d)" % line if line else ""), line


class Mismatch(Exception):
    pass


def numpy_or_none():
    return sys.modules.get("numpy")


def is_number(value):
    np = numpy_or_none()
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return np is not None and isinstance(value, np.number)


def is_bool(value):
    np = numpy_or_none()
    return isinstance(value, bool) or (np is not None and isinstance(value, np.bool_))


def compare(expected, actual, tol, path="result"):
    """Raises Mismatch with a reason when actual does not match expected within tol."""
    np = numpy_or_none()
    if np is not None and isinstance(expected, np.ndarray):
        try:
            got = np.asarray(actual)
        except Exception:
            raise Mismatch("%s should be an array, got %s" % (path, type(actual).__name__))
        if got.shape != expected.shape:
            raise Mismatch("%s has shape %s, expected %s" % (path, got.shape, expected.shape))
        kinds = {"b": "booleans", "i": "integers", "u": "integers", "f": "floats", "c": "complex numbers"}
        want, have = expected.dtype.kind, got.dtype.kind
        if want in "biu" and have != want and not (want in "iu" and have in "iu"):
            raise Mismatch("%s holds %s (dtype %s), expected %s" % (path, kinds.get(have, have), got.dtype, kinds[want]))
        if want in "fc" and have not in "biufc":
            raise Mismatch("%s holds dtype %s, expected numbers" % (path, got.dtype))
        if want in "biufc":
            if not np.allclose(got, expected, rtol=tol, atol=tol, equal_nan=True):
                bad = np.argwhere(~np.isclose(got, expected, rtol=tol, atol=tol, equal_nan=True))[0]
                index = tuple(int(i) for i in bad)
                raise Mismatch("%s%s is %s, expected %s" % (path, list(index), short(got[index]), short(expected[index])))
            return
        if not np.array_equal(got, expected):
            raise Mismatch("%s differs" % path)
        return
    if is_bool(expected):
        if not is_bool(actual) or bool(actual) != bool(expected):
            raise Mismatch("%s is %s, expected %s" % (path, short(actual), short(expected)))
        return
    if is_number(expected):
        if not is_number(actual):
            raise Mismatch("%s is %s (%s), expected the number %s" % (path, short(actual), type(actual).__name__, short(expected)))
        a, e = float(actual), float(expected)
        if math.isnan(e) and math.isnan(a):
            return
        if not math.isclose(a, e, rel_tol=tol, abs_tol=tol):
            raise Mismatch("%s is %s, expected %s" % (path, short(actual), short(expected)))
        return
    if isinstance(expected, (list, tuple)):
        if np is not None and isinstance(actual, np.ndarray):
            actual = actual.tolist()
        if not isinstance(actual, (list, tuple)):
            raise Mismatch("%s is %s (%s), expected a %s" % (path, short(actual), type(actual).__name__, type(expected).__name__))
        if len(actual) != len(expected):
            raise Mismatch("%s has %d items, expected %d" % (path, len(actual), len(expected)))
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, tol, "%s[%d]" % (path, i))
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Mismatch("%s is %s, expected a dict" % (path, type(actual).__name__))
        if set(actual) != set(expected):
            missing = sorted(map(repr, set(expected) - set(actual)))
            extra = sorted(map(repr, set(actual) - set(expected)))
            raise Mismatch("%s keys differ (missing %s; unexpected %s)" % (path, ", ".join(missing) or "none", ", ".join(extra) or "none"))
        for key in expected:
            compare(expected[key], actual[key], tol, "%s[%r]" % (path, key))
        return
    if actual != expected:
        raise Mismatch("%s is %s, expected %s" % (path, short(actual), short(expected)))


def failure(name, error, **extra):
    text, line = where(error)
    record = {"test": name, "status": "error", "message": text}
    if line:
        record["line"] = line
    record.update(extra)
    emit(record)


def run_python(spec, source):
    namespace = {"__name__": SOLUTION}
    try:
        code = compile(source, SOLUTION, "exec")
        exec(code, namespace)
    except MemoryError:
        emit({"error": "memory", "message": "the code ran out of its memory allowance while loading"})
        return
    except BaseException as error:  # SystemExit and KeyboardInterrupt too: nothing may escape the harness
        text, line = where(error)
        emit({"error": "load", "message": text, **({"line": line} if line else {})})
        return
    setup = spec.get("setup") or ""
    if spec.get("file"):
        run_test_file(spec, namespace, setup)
        return
    for case in spec["cases"]:
        name = case["name"]
        scope = dict(namespace)
        if case.get("doctest"):
            if not run_doctest(name, case["doctest"], setup, scope):
                return
            continue
        try:
            exec(compile(setup, "setup", "exec"), scope)
            expected = eval(compile(case["expect"], "expect", "eval"), scope)
        except BaseException as error:
            emit({"test": name, "status": "error", "message": "the test itself is broken: %s" % where(error)[0]})
            continue
        try:
            actual = eval(compile(case["call"], "call", "eval"), scope)
        except MemoryError:
            emit({"error": "memory", "message": "the code ran out of its memory allowance in test %s" % name})
            return
        except BaseException as error:
            failure(name, error, input=case["call"], expected=short(expected))
            continue
        try:
            compare(expected, actual, case.get("tolerance", spec["tolerance"]))
            emit({"test": name, "status": "pass"})
        except Mismatch as reason:
            emit({"test": name, "status": "fail", "message": str(reason), "input": case["call"], "expected": short(expected), "actual": short(actual)})
        except BaseException as error:
            failure(name, error, input=case["call"], expected=short(expected), actual=short(actual))


def run_doctest(name, text, setup, scope):
    """One doctest is one test: it fails at its first example whose output differs. False on a memory error."""
    import doctest

    try:
        exec(compile(setup, "setup", "exec"), scope)
        test = doctest.DocTestParser().get_doctest(text, scope, name, None, 0)
    except BaseException as error:
        emit({"test": name, "status": "error", "message": "the test itself is broken: %s" % where(error)[0]})
        return True
    failures = []

    class Recorder(doctest.DocTestRunner):
        def report_failure(self, out, test, example, got):
            failures.append({"status": "fail", "input": example.source.strip(), "expected": example.want.strip(), "actual": got.strip(),
                             "message": "the output differs"})

        def report_unexpected_exception(self, out, test, example, exc_info):
            error = exc_info[1]
            if isinstance(error, MemoryError):
                failures.append({"memory": True})
                return
            error.__traceback__ = exc_info[2]
            text, line = where(error)
            failures.append({"status": "error", "input": example.source.strip(), "expected": example.want.strip(), "message": text,
                             **({"line": line} if line else {})})

    runner = Recorder(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS | doctest.REPORT_ONLY_FIRST_FAILURE)
    runner.run(test, out=lambda text: None, clear_globs=False)
    if failures and failures[0].get("memory"):
        emit({"error": "memory", "message": "the code ran out of its memory allowance in test %s" % name})
        return False
    if failures:
        emit({"test": name, **failures[0]})
    else:
        emit({"test": name, "status": "pass"})
    return True


def run_test_file(spec, namespace, setup):
    module = type(sys)(SOLUTION)
    module.__dict__.update(namespace)
    sys.modules[SOLUTION] = module
    scope = dict(namespace)
    try:
        exec(compile(setup + "\n" + spec["file"], "tests", "exec"), scope)
    except BaseException as error:
        emit({"error": "load", "message": "the test file is broken: %s" % where(error)[0]})
        return
    tests = [(name, fn) for name, fn in scope.items() if name.startswith("test_") and callable(fn)]
    for name, fn in tests:
        try:
            fn()
            emit({"test": name, "status": "pass"})
        except AssertionError as error:
            text, line = where(error)
            emit({"test": name, "status": "fail", "message": str(error) or "an assertion failed" + (" (line %d)" % line if line else "")})
        except MemoryError:
            emit({"error": "memory", "message": "the code ran out of its memory allowance in test %s" % name})
            return
        except BaseException as error:
            failure(name, error)


def run_sql(spec, source):
    import sqlite3

    query = source.strip()
    for case in spec["cases"]:
        name = case["name"]
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(case.get("fixtures") or spec.get("fixtures") or "")
        except Exception as error:
            emit({"test": name, "status": "error", "message": "the test's tables are broken: %s" % error})
            continue
        expected = [list(row) for row in case["expect"]]
        shown = short(case["fixtures"]) if case.get("fixtures") else "the tables in the prompt"
        try:
            cursor = db.execute(query)
            rows = [list(row) for row in cursor.fetchall()]
        except MemoryError:
            emit({"error": "memory", "message": "the query ran out of its memory allowance in test %s" % name})
            return
        except Exception as error:
            emit({"test": name, "status": "error", "message": "%s: %s" % (type(error).__name__, error), "input": shown})
            continue
        finally:
            db.close()
        got, want = rows, expected
        if not spec.get("ordered", True):
            # Row order is not part of the answer: compare both sides sorted the same way.
            got, want = sorted(rows, key=repr), sorted(expected, key=repr)
        try:
            compare(want, got, case.get("tolerance", spec["tolerance"]), "rows")
            emit({"test": name, "status": "pass"})
        except Mismatch as reason:
            emit({"test": name, "status": "fail", "message": str(reason), "input": shown, "expected": short(expected), "actual": short(rows)})


def main():
    with open("spec.json", encoding="utf-8") as handle:
        spec = json.load(handle)
    cap_memory(spec["memory_bytes"])
    with open(spec["solution_file"], encoding="utf-8", errors="replace") as handle:
        source = handle.read()
    if spec["language"] == "sql":
        run_sql(spec, source)
    else:
        run_python(spec, source)
    emit({"done": True})
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter shutdown: the learner's threads or atexit hooks must not keep the run alive.
    os._exit(0)


main()
