"""One module per printable, each with `register(subparsers)` under `print`."""
