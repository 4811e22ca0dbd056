"""Who is acting: the operating-system account as the kernel reports it."""

from __future__ import annotations

import os
import pwd


def current_actor() -> str:
    # $USER and $LOGNAME are set by whoever starts the process, so they prove nothing;
    # the uid comes from the kernel.
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid:{uid}"
