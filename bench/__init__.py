"""The benchmarks (`make bench`, `make soak`, `make scaleout`); see bench/README.md. Run the
scripts as modules from the repository root: `python -m bench.run`, `python -m bench.seed`, …"""
