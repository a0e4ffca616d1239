"""The MyUnisoft partner API, as bulkio uses it."""

from bulkio.api.client import ApiResponse, MyUnisoftClient
from bulkio.api.pacing import Pacer

__all__ = ["ApiResponse", "MyUnisoftClient", "Pacer"]
