"""python -m access hash-password: print a salted scrypt hash for a password you type (twice).

Reads the password from standard input when it is not a terminal (for scripts). Pipe it without a line
break inside it (one trailing newline is dropped); a password containing a line break is refused:
    printf '%s' "$PW" | python -m access hash-password
"""

from __future__ import annotations

import argparse
import getpass
import sys

from access.passwords import hash_password

LINE_BREAK_REFUSED = (
    "The password read from standard input contains a line break, so nothing was printed (typing it twice "
    "is only for a terminal). Pipe the password once, with no line break: "
    "printf '%s' \"$PW\" | python -m access hash-password"
)


def main(argv: list[str] | None = None) -> int:
    summary, _, piping = __doc__.partition("\n\n")
    parser = argparse.ArgumentParser(
        prog="python -m access",
        description=summary,
        epilog=piping,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["hash-password"])
    parser.parse_args(argv)
    if sys.stdin.isatty():
        password = getpass.getpass("Editor password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ; nothing was printed.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.read()
        password = password.removesuffix("\n").removesuffix("\r")  # echo's one trailing newline
        if "\n" in password or "\r" in password:
            print(LINE_BREAK_REFUSED, file=sys.stderr)
            return 2
    if len(password) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 1
    encoded = hash_password(password)
    print(encoded)
    print(f'\nAdd to .streamlit/secrets.toml:\n[ccpl]\neditor_password_hash = "{encoded}"', file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
