"""gofixer: find Go concurrency and net/http anti-patterns and fix them, verified by the Go toolchain."""

__version__ = "0.1.0"
