"""Danmarks Statistik's Statbank (API v1): client, CSV parser and the declared mappings from
DST tables to the extracts of the data contract.

See ``/work/shared/spec/statbank.md`` for the API contract and ``docs/STATBANK.md`` (generated
from :data:`noegletal.datain.statbank.mappings.MAPPINGS`) for what is fetched.
"""

from noegletal.datain.statbank.client import DataRequest, StatbankClient
from noegletal.datain.statbank.csvtext import parse_csv
from noegletal.datain.statbank.errors import StatbankError
from noegletal.datain.statbank.tableinfo import TableInfo

__all__ = ["DataRequest", "StatbankClient", "StatbankError", "TableInfo", "parse_csv"]
