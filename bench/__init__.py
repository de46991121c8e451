"""The benchmark: data generator (generate.py), bare endpoint (hello.py), runner (run.py).

`make bench` runs it; bench/RESULTS.md is what it wrote last. Figures are ratios against a bare
Flask endpoint measured in the same run, because the machines are shared and noisy.
"""
