"""Commands that read git history: `assure diff`."""

from __future__ import annotations
