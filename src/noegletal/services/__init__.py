"""Application services: the active data in the store turned into the computed catalogue.

The dashboard, the exports and the committee report read key figures only through here.
"""
