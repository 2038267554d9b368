"""Edit commands (set-status, reschedule, note, new) and `assure schema`."""

from __future__ import annotations
