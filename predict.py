#!/usr/bin/env python
"""Decide the disclosure attribute of documents — see ``python predict.py --help``."""
from nlp.cli.predict import main

if __name__ == "__main__":
    raise SystemExit(main())
