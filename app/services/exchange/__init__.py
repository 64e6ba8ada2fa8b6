"""Sharing by file: packages, signing, encryption, merge and conflicts."""
