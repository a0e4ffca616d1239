"""The errors bulkio raises on purpose, and how the command line turns them into exit codes.

    BulkioError                 one clear sentence for the user; exit code 2 unless said otherwise
     ├── UsageError             bad option, missing credentials, unknown kind
     ├── InputError             the input file cannot be used (not a workbook, no known sheet, ...)
     ├── TokenExpired           the token was refused as expired and could not be renewed: the run stops
     └── ApiError               one error answered by the API (code, message, HTTP status, request-id)
          └── ApiUnavailable    nothing usable came back: timeout, refused connection, dropped socket

Anything else reaching the command line is a bug; it is still reported as one sentence (see cli.py).
"""

from __future__ import annotations


class BulkioError(Exception):
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(BulkioError):
    pass


class InputError(BulkioError):
    pass


class ApiError(BulkioError):
    """An error envelope from the API, or a failure to get one."""

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.api_message = message
        self.http_status = http_status
        self.request_id = request_id

    @property
    def is_rate_limit(self) -> bool:
        return self.code.startswith("ERR-TOO-MANY-") or self.http_status == 429

    @property
    def is_server_side(self) -> bool:
        """A 5xx: the server failed, maybe after processing, maybe for a moment. Not a 501: that one says the
        server does not implement the route (the sandbox's SANDBOX-NOT-EMULATED), a clear answer, not processed,
        the same however often it is asked."""
        return self.http_status is not None and self.http_status >= 500 and self.http_status != 501


class TokenExpired(BulkioError):
    """The API refused the token as expired or invalid, and no new one could be had (no password to renew it,
    or the login service refused or failed). The request that needed it was refused before being processed:
    the run stops there, and `bulkio login` then the same command resumes it."""


class ApiUnavailable(ApiError):
    """No answer: the request may or may not have reached the server."""

    def __init__(self, message: str, maybe_sent: bool) -> None:
        super().__init__("ERR-TRANSPORT", message)
        self.maybe_sent = maybe_sent
