"""Open Badges 3.0 credentials as W3C Verifiable Credentials: keys, proofs, status, verification.

Pure functions with no database or web code: callers pass keys, status lists and the time.
"""
