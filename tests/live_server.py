"""The tests start the production server with the same launcher as the benchmarks."""

from bench.server import Server, free_port, live_server, request  # noqa: F401
