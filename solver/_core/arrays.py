"""Read-only arrays: the one way a result freezes the numbers it holds."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["readonly"]


def readonly(a: Any) -> NDArray[Any]:
    """A read-only copy of ``a`` (the argument itself is never frozen).

    Parameters
    ----------
    a : array_like
        The values.

    Returns
    -------
    numpy.ndarray
        A new array with ``a``'s values, its ``writeable`` flag off.

    Examples
    --------
    >>> x = np.zeros(2)
    >>> y = readonly(x)
    >>> y.flags.writeable, x.flags.writeable
    (False, True)
    """
    out = np.array(a, copy=True)
    out.setflags(write=False)
    return out
