"""Benchmarks of ``papers`` on large generated archives (see ``benchmarks/README.md``)."""
