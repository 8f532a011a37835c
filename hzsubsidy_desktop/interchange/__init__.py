"""Files from and to outside: application JSON, submission files, county packages, spreadsheets.

Everything read here is untrusted and checked completely before anything is stored.
"""
