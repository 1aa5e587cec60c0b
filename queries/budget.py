"""The time budget of one command (``--max-seconds``): one deadline, shared by its steps.

A command makes one :class:`Budget` and passes it down; each step takes a share of the time
left (the loop search :data:`aigraph.queries.spec.SEARCH_SHARE` of a query's), and a step that
stops on the budget says so with :meth:`Budget.stop`: a warning that ends ``(truncated:
true)``, and ``truncated`` set on the budget (and on the budget it was cut from), which the
command puts in its ``--json``. Nothing is cut silently.
"""

from __future__ import annotations

import time
import warnings

SMALLEST_SHARE = 1e-6
"""The least a share may be (a spent budget still hands a positive ``max_seconds`` down)."""


class Budget:
    """A deadline on ``time.perf_counter`` (None: unbounded) and whether a step stopped on it.

    >>> budget = Budget(None)
    >>> budget.left() is None, budget.spent(), budget.truncated
    (True, False, False)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     Budget(0.0).stop("report stopped after 0 s")
    >>> str(caught[0].message)
    'report stopped after 0 s (truncated: true)'
    """

    def __init__(
        self,
        seconds: float | None,
        parent: Budget | None = None,
        quiet: bool = False,
    ) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.perf_counter() + seconds
        self.parent = parent
        self.quiet = quiet
        """A quiet budget marks a stop without a warning (its caller tells it once)."""
        self.truncated = False

    def left(self) -> float | None:
        """Return the seconds left (None: unbounded; 0 when spent)."""
        if self.deadline is None:
            return None
        return max(self.deadline - time.perf_counter(), 0.0)

    def spent(self) -> bool:
        """Return True when the deadline has passed."""
        return self.deadline is not None and time.perf_counter() > self.deadline

    def share(self, fraction: float = 1.0) -> float | None:
        """Return ``fraction`` of the seconds left, for a step (None: unbounded)."""
        left = self.left()
        return None if left is None else max(left * fraction, SMALLEST_SHARE)

    def part(self, fraction: float = 1.0, quiet: bool = False) -> Budget:
        """Return a budget of ``fraction`` of the time left whose stops mark this one too."""
        return Budget(self.share(fraction), parent=self, quiet=quiet)

    def capped(self, seconds: float | None) -> float | None:
        """Return the smaller of ``seconds`` (a step's own bound) and the time left."""
        left = self.share()
        if seconds is None or left is None:
            return left if seconds is None else seconds
        return min(seconds, left)

    def stop(self, message: str, stacklevel: int = 2) -> None:
        """Mark the budget (and those it was cut from) truncated; warn ``message`` with
        ``(truncated: true)`` unless the budget is quiet."""
        budget: Budget | None = self
        while budget is not None:
            budget.truncated = True
            budget = budget.parent
        if not self.quiet:
            warnings.warn(f"{message} (truncated: true)", stacklevel=stacklevel + 1)
