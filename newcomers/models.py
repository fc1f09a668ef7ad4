"""Data and invariants; filled by its issue."""
