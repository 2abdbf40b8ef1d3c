"""Who may call what: read tokens search and view, admin tokens also import, index and switch profiles.

Policy (see docs/server.md):
- bound to a loopback address and no token file yet → open (the single-user desktop case);
- a token file exists, or the server listens on a LAN address → every route except /health and the
  API description needs ``Authorization: Bearer <token>``; 401 without a valid token, 403 when a
  read token calls an admin route.
"""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from engine.server.tokens import TokenFileError, TokenRecord, TokenStore

bearer_scheme = HTTPBearer(auto_error=False, description="a read or admin token from "
                           "`itembank serve --create-token read|admin`")


class AccessPolicy:
    def __init__(self, store: TokenStore, loopback_only: bool) -> None:
        self.store = store
        self.loopback_only = loopback_only

    def auth_required(self) -> bool:
        return not self.loopback_only or self.store.configured()

    def check(self, token: str | None, role: str) -> TokenRecord | None:
        """The token's record when it may act as ``role``; raises 401/403 otherwise."""
        if not self.auth_required():
            return None
        if not token:
            raise _unauthorized("this server needs a token: send 'Authorization: Bearer <token>'")
        try:
            record = self.store.verify(token)
        except TokenFileError as exc:
            raise _unauthorized(f"the server's token file cannot be read; ask its admin ({exc})") from exc
        if record is None:
            raise _unauthorized("unknown or revoked token")
        if not record.allows(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                f"this route needs an {role} token; yours is a {record.role} token")
        return record


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def _policy(request: Request) -> AccessPolicy:
    return request.app.state.policy


def require_read(request: Request,
                 credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme)
                 ) -> TokenRecord | None:
    return _policy(request).check(credentials.credentials if credentials else None, "read")


def require_admin(request: Request,
                  credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme)
                  ) -> TokenRecord | None:
    return _policy(request).check(credentials.credentials if credentials else None, "admin")
