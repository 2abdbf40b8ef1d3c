"""Searching a district's shared bank over the network (the client side of ``itembank serve``).

``RemoteBank`` answers with the same dataclasses as ``engine.api.ItemBank``; ``copy_to_bank`` brings a
district item into the local bank; the connection (address and read token) is saved per bank by
``save_remote_config``. Standard library only, no Qt.
"""

from engine.remote.client import RemoteBank
from engine.remote.config import (
                                  RemoteConfig,
                                  RemoteConfigError,
                                  forget_remote_config,
                                  load_remote_config,
                                  mask_token,
                                  normalize_url,
                                  save_remote_config,
)
from engine.remote.copy import (
                                  ALREADY_PRESENT,
                                  COPIED,
                                  CopyError,
                                  CopyResult,
                                  copy_to_bank,
)
from engine.remote.errors import RemoteError
from engine.remote.wire import RemoteHealth

__all__ = ["ALREADY_PRESENT", "COPIED", "CopyError", "CopyResult", "RemoteBank", "RemoteConfig",
           "RemoteConfigError", "RemoteError", "RemoteHealth", "copy_to_bank", "forget_remote_config",
           "load_remote_config", "mask_token", "normalize_url", "save_remote_config"]
