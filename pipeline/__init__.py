"""pantau: Indonesian regional news in, a queryable record of election-security activity out."""

__version__ = "0.1.0"
