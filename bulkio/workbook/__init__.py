"""Workbooks in and out: read any sheet into text frames, write templates, exports and result workbooks.

This package never imports textual; it only knows columns through the specs in bulkio.spec.
"""
