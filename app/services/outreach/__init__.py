"""Outreach campaigns and the home-visit log."""
