"""papers: a terminal reader for Hugging Face Daily Papers dumps."""

__version__ = "0.1.0"
