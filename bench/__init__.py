"""Benchmarks of the running service: `python -m bench` (speed), `python -m bench.load` (load and faults),
`python -m bench.fuzz` (hostile input). Every loop is bounded and talks only to 127.0.0.1."""
