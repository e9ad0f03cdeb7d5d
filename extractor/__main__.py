"""`python -m extractor ...` is the `vnpolicy` command (handy where console scripts are not on PATH)."""

from extractor.app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
