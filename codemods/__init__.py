"""The rules, one module each, registered explicitly (installed as ``gofixer.codemods``).

An explicit list rather than discovery by import side effects: the order and the set of rules
is visible in one place, and a rule cannot be registered twice or by accident.
"""

from __future__ import annotations

from .gf001_unused_ignore import UnusedIgnore
from .gf101_bare_goroutine import BareGoroutine
from .gf201_leaky_result_channel import LeakyResultChannel
from .gf202_send_after_close import SendAfterClose
from .gf301_lost_cancel import LostCancel
from .gf302_request_context_dropped import RequestContextDropped
from .gf401_undeferred_wg_done import UndeferredWgDone
from .gf402_wg_add_in_goroutine import WgAddInGoroutine
from .gf403_unguarded_shared_field import UnguardedSharedField
from .gf404_unlock_not_deferred import UnlockNotDeferred
from .gf405_lock_copied import LockCopied
from .gf501_server_without_timeouts import ServerWithoutTimeouts
from .gf502_serve_without_timeouts import ServeWithoutTimeouts
from .gf503_client_without_timeout import ClientWithoutTimeout
from .gf504_response_body_not_closed import ResponseBodyNotClosed
from .gf601_time_tick_leak import TimeTickLeak
from .gf602_time_after_in_loop import TimeAfterInLoop
from .gf701_pool_non_pointer import PoolNonPointer

ALL_RULES = (
    UnusedIgnore,
    BareGoroutine,
    LeakyResultChannel,
    SendAfterClose,
    LostCancel,
    RequestContextDropped,
    UndeferredWgDone,
    WgAddInGoroutine,
    UnguardedSharedField,
    UnlockNotDeferred,
    LockCopied,
    ServerWithoutTimeouts,
    ServeWithoutTimeouts,
    ClientWithoutTimeout,
    ResponseBodyNotClosed,
    TimeTickLeak,
    TimeAfterInLoop,
    PoolNonPointer,
)
