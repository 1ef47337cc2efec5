"""The rules, one module each, registered explicitly (installed as ``gofixer.codemods``).

An explicit list rather than discovery by import side effects: the order and the set of rules
is visible in one place, and a rule cannot be registered twice or by accident.
"""

from __future__ import annotations

from .gf101_bare_goroutine import BareGoroutine
from .gf201_leaky_result_channel import LeakyResultChannel
from .gf301_lost_cancel import LostCancel
from .gf401_undeferred_wg_done import UndeferredWgDone
from .gf402_wg_add_in_goroutine import WgAddInGoroutine
from .gf403_unguarded_shared_field import UnguardedSharedField
from .gf501_server_without_timeouts import ServerWithoutTimeouts
from .gf502_serve_without_timeouts import ServeWithoutTimeouts

ALL_RULES = (
    BareGoroutine,
    LeakyResultChannel,
    LostCancel,
    UndeferredWgDone,
    WgAddInGoroutine,
    UnguardedSharedField,
    ServerWithoutTimeouts,
    ServeWithoutTimeouts,
)
