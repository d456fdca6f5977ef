"""The content's value types: frozen dataclasses with slots, pickled as plain tuples.

Slots save a quarter of the memory of 10,000 declarations; the tuple state makes the
parse cache's unpickling a third faster than dataclasses' own (which looks up the
fields again for every object).

A record may name ``detail`` fields: they are pickled together as one nested blob,
and an unpickled record unpickles them only when one of them is first read. A
rebuild after one edit then loads every declaration's summary (what listings,
totals and page keys read) but the indicators and texts of only the pages it renders.
Code that reads every declaration's detail once (the search index, the data files,
a worker's pages) ``release``s each after use, so that they are not all held at once.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, fields

DETAIL_SLOT = "_detail"  # the field that holds a record's detail blob until it is read


def frozen_record(cls=None, *, detail: tuple[str, ...] = ()):
    if cls is None:
        return lambda c: frozen_record(c, detail=detail)
    cls = dataclass(frozen=True, slots=True)(cls)
    all_names = tuple(f.name for f in fields(cls))
    if detail and DETAIL_SLOT not in all_names:
        raise TypeError(f"{cls.__name__} names detail fields but has no {DETAIL_SLOT} field")
    names = tuple(n for n in all_names if n not in detail and n != DETAIL_SLOT)
    set_field = object.__setattr__

    def __getstate__(self) -> tuple:
        state = [getattr(self, name) for name in names]
        if detail:
            blob = getattr(self, DETAIL_SLOT)
            if blob is None:
                blob = pickle.dumps(tuple([getattr(self, n) for n in detail]), protocol=pickle.HIGHEST_PROTOCOL)
            state.append(blob)
        return tuple(state)

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(names, state):
            set_field(self, name, value)
        if detail:
            set_field(self, DETAIL_SLOT, state[-1])  # the detail slots stay empty until read

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    cls.detail_fields = detail
    if detail:
        wanted = frozenset(detail)

        def __getattr__(self, name: str):
            # Only called when a slot is empty: a detail field not yet unpickled.
            if name in wanted:
                blob = getattr(self, DETAIL_SLOT, None)
                if blob is not None:  # kept: release() may empty the slots again
                    for field_name, value in zip(detail, pickle.loads(blob)):
                        set_field(self, field_name, value)
                    return getattr(self, name)
            raise AttributeError(f"{cls.__name__!r} object has no attribute {name!r}")

        cls.__getattr__ = __getattr__
    return cls


def release(record) -> None:
    """Empty an unpickled record's detail slots (read again from its blob if asked):
    for code done with it that will not read it again soon. A record made in code,
    with no blob, keeps its detail."""
    blob = getattr(record, DETAIL_SLOT, None)
    if blob is None:
        return
    for name in type(record).detail_fields:
        try:
            object.__delattr__(record, name)
        except AttributeError:  # not read since it was unpickled or last released
            pass
