"""Work NiceGUI does per element that can be done once per process (#13).

Every element makes three observable collections (props, classes, style), and each asks inspect.signature of its
change handler — a bound method of the element's class — whether it takes arguments: a third of the CPU time of
building a page went there. The answer depends only on the method's function, so it is kept per function.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable

from nicegui import helpers

_original = helpers.expects_arguments
_known: dict[Callable, bool] = {}


def expects_arguments(func: Callable) -> bool:
    """helpers.expects_arguments, remembered for bound methods (the same function whichever element it is bound to);
    anything else — lambdas, partials — is asked every time, as before."""
    if not inspect.ismethod(func):
        return _original(func)
    function = func.__func__
    known = _known.get(function)
    if known is None:
        known = _known[function] = _original(func)
    return known


def apply() -> None:
    helpers.expects_arguments = expects_arguments  # observables look it up on the module at each call
