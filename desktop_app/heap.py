"""Keep Python's cyclic garbage collector from freezing the window.

A full (generation 2) collection walks every live object while holding the GIL, so it stops the GUI
thread too, wherever it was triggered. With Qt, the widgets, and later torch and transformers loaded,
that is hundreds of thousands of objects and 100–500 ms per collection — a visible stall in the middle
of an import or an index build. ``settle()`` moves everything alive now (the window, the loaded
models, caches: things that live as long as the app) into the collector's permanent generation, so
later collections only look at what is new. It is called once the window is built and after work
that loads a model.
"""

from __future__ import annotations

import gc


def settle() -> None:
    gc.freeze()
