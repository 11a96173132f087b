"""Benchmarks of the running app (``make bench``, i.e. ``python -m bench``).

They report throughput as ratios against a baseline page measured in the same run, interleaved
with it, so the numbers compare across machines and survive a noisy neighbour.
"""
