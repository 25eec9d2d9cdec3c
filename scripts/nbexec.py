"""Execute one notebook with nbclient and the project's kernel.

Usage: python3 nbexec.py IN.ipynb OUT.ipynb KERNEL_NAME TIMEOUT_S [ALLOW_ERRORS]

Writes OUT.ipynb (the executed notebook, with per-cell timing metadata) and prints one JSON line on stdout:
{"ok": true, "seconds": …} or {"ok": false, "cell": i, "first_line": …, "ename": …, "evalue": …, "traceback": …}.
Exit code 0 on success, 1 on a cell error, 2 on anything else (missing notebook, kernel died, timeout).
"""
import json
import re
import sys
import time
import os


def main():
    src, dst, kernel, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    allow_errors = len(sys.argv) > 5 and sys.argv[5] == "1"
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    except ImportError as e:
        print(json.dumps({"ok": False, "setup": f"{e}. Install Debian's python3-nbclient and jupyter-nbconvert "
                          "(apt-get install python3-nbclient jupyter-nbconvert jupyter-client), or pip install nbclient"}))
        return 2
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=allow_errors,
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
    )
    start = time.time()
    failure = None
    try:
        client.execute()
    except CellExecutionError as e:
        failure = {"ename": getattr(e, "ename", "Error"), "evalue": getattr(e, "evalue", str(e)),
                   "traceback": getattr(e, "traceback", str(e))}
    except CellTimeoutError as e:
        failure = {"ename": "CellTimeoutError", "evalue": f"a cell ran longer than {timeout} s", "traceback": str(e)}
    except DeadKernelError as e:
        failure = {"ename": "DeadKernelError", "evalue": str(e), "traceback": str(e)}
    seconds = time.time() - start
    nb.metadata.setdefault("landscape_lab", {})["run_seconds"] = seconds
    nbformat.write(nb, dst)
    if failure is None:
        print(json.dumps({"ok": True, "seconds": seconds}))
        return 0
    # Find the failing cell: the first code cell with an error output, else the last one that was executed
    # (execution stops at the failing cell).
    index = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            index = i
            break
        if cell.get("metadata", {}).get("execution", {}).get("iopub.status.busy"):
            index = i
    if index is not None and not (failure.get("ename") and failure.get("evalue")):
        # A kernel that reports errors as stderr text (tslab as shipped): use that text.
        text = "".join(o.get("text", "") for o in nb.cells[index].get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stderr").strip()
        if text:
            lines = text.splitlines()
            errors = [ln for ln in lines if re.match(r"^[\w$]*(Error|Exception)\b", ln)]
            head = (errors or lines)[0]
            ename, sep, evalue = head.partition(": ")
            failure["ename"], failure["evalue"] = (ename, evalue) if sep and errors else ("Error", head)
            failure["traceback"] = text
    failure.update({"ok": False, "seconds": seconds, "cell": index,
                    "first_line": (nb.cells[index].source.splitlines() or [""])[0] if index is not None else ""})
    print(json.dumps(failure))
    return 1


if __name__ == "__main__":
    sys.exit(main())
