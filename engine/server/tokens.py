"""The LAN server's tokens: kept by ``engine.tokens`` (the admin page and the CLI make them too), used here."""

from engine.api import TOKEN_ROLES as ROLES
from engine.api import TOKENS_FILE, TokenFileError, TokenRecord, TokenStore

__all__ = ["ROLES", "TOKENS_FILE", "TokenFileError", "TokenRecord", "TokenStore"]
