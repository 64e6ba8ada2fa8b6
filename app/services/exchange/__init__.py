"""Sharing by file: packages, signing, encryption, merge and conflicts (Qt-free).

- `package`: the .bvx file (zip + manifest + signature, age encryption), safe reading
- `exporter` / `importer`: making a package; preview and all-or-nothing import
- `merge`, `state`: version vectors, three-way field merge, per-record exchange bookkeeping
- `conflicts`: the conflict inbox; `keys`: signing/encryption keys, trust on first use
- `tables`: which tables and rows a scope carries, pseudonyms; `codec`: values as JSON
- `consolidated`: the lead organisation's overview (PDF, XLSX)

See docs/exchange-format.md.
"""
