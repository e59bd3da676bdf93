"""python -m access hash-password: print a salted scrypt hash for a password you type (twice).

Reads the password from standard input when it is not a terminal (for scripts):
    printf 'my password' | python -m access hash-password
"""

from __future__ import annotations

import argparse
import getpass
import sys

from access.passwords import hash_password


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m access", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["hash-password"])
    parser.parse_args(argv)
    if sys.stdin.isatty():
        password = getpass.getpass("Editor password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ; nothing was printed.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.read().rstrip("\n")
    if len(password) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 1
    encoded = hash_password(password)
    print(encoded)
    print(f'\nAdd to .streamlit/secrets.toml:\n[ccpl]\neditor_password_hash = "{encoded}"', file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
