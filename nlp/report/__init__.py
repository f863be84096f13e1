"""Evaluation: metrics the codebook asks for, and the Markdown/HTML accuracy report."""
