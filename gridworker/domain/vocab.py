"""The controlled vocabularies, as the domain names them: they live in the rulebook
(:mod:`gridrules.vocab`), shared with gridcenter; this module re-exports them so the client's
layers keep one import path."""

from gridrules.vocab import *  # noqa: F403
from gridrules.vocab import __all__  # noqa: F401
