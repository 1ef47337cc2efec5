"""The rules, one module each, registered explicitly (installed as ``gofixer.codemods``).

An explicit list rather than discovery by import side effects: the order and the set of rules
is visible in one place, and a rule cannot be registered twice or by accident.
"""

from __future__ import annotations

from .gf201_leaky_result_channel import LeakyResultChannel
from .gf301_lost_cancel import LostCancel

ALL_RULES = (
    LeakyResultChannel,
    LostCancel,
)
