"""The ``go test -exec`` program of gofixer's leak runs: one test binary, run several times.

The go tool builds and links each package's test binary once and starts this program in the
package's directory with the binary and its flags. Running the binary here, rather than calling
``go test`` again per run, keeps the link (the slow part) to one per package however many runs
are asked for, and gives every run its own process: its own scheduling, its own leaks.

Each run gets its own profile file through ``GOFIXER_LEAK_PROFILE`` (the overlay-added example
writes the goroutine-leak profile there); every other run has ``GOMAXPROCS=1``, the setting
under which the runtime's own leak tests reproduce their kernels, so the runs see two kinds of
schedule. What happened is recorded as one JSON file per package in ``GOFIXER_LEAK_DIR`` for
gofixer to read; the go tool's own report of the package follows the exit status of the runs.

Standard library only, and quick to start: it runs once per package per phase.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

TAIL = 8000  # bytes of a failing run's output kept for its first error


def package_tag(directory: str) -> str:
    """The file-name prefix of a package's records (gofixer computes the same from the path)."""
    return hashlib.sha256(os.fsencode(directory)).hexdigest()[:20]


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        sys.stderr.write("usage: leakexec BINARY [ARGS...] (started by go test -exec)\n")
        return 2
    binary, args = argv[1], argv[2:]
    out_dir = os.environ["GOFIXER_LEAK_DIR"]
    runs = max(1, int(os.environ.get("GOFIXER_LEAK_RUNS", "3")))
    cwd = os.getcwd()
    tag = package_tag(cwd)
    records = []
    worst = 0
    for i in range(runs):
        profile = os.path.join(out_dir, f"{tag}-{i}.prof")
        env = dict(os.environ, GOFIXER_LEAK_PROFILE=profile)
        if i % 2 == 1:
            env["GOMAXPROCS"] = "1"
        proc = subprocess.run([binary, *args], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = proc.stdout[-TAIL:].decode("utf-8", "replace")
        records.append({"exit": proc.returncode, "profile": profile if os.path.exists(profile) else None, "output": output})
        if proc.returncode != 0 and worst == 0:
            worst = proc.returncode
            sys.stdout.write(output)
    with open(os.path.join(out_dir, f"{tag}.json"), "w", encoding="utf-8") as f:
        json.dump({"dir": cwd, "runs": records}, f)
    if worst == 0:
        sys.stdout.write("PASS\n")
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
