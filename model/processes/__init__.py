"""The model's processes, one class each (protocol: ``model/process.py``), in the fixed step order.

``PROCESSES`` is that order: each week the model calls every process's ``step`` in this order, then records.
Adding a process is one module here plus one entry in this tuple (and its parameters in ``model/params.py``
and a paragraph in docs/ODD.md); see docs/architecture.md.
"""

from .crime import Crime
from .demography import Demography
from .factors import Factors
from .jeugdhulp import Jeugdhulp
from .life_events import LifeEvents
from .need import Need
from .network import Network
from .nuisance import Nuisance
from .places import Places
from .school import School
from .scores import Scores
from .youthwork import YouthWork

PROCESSES = (
    Demography,   # ageing, leaving and entering, birthdays that change school
    Network,      # friendships; street groups (persist across years, with turnover)
    Places,       # leisure time by place this week (attractors, events at their places)
    LifeEvents,   # family crisis, debt shock, online incident
    YouthWork,    # hours -> contacts, relations, exposures, signals; IB and SWF
    Factors,      # relaxation, coupling, peer influence, noise
    Scores,       # risk and delinquency scores
    Need,         # onset, escalation, remission of latent need
    Jeugdhulp,    # detection (entry), level, step-up, end of care
    Nuisance,     # acts, incidents, registration
    Crime,        # Halt, suspects, growth into crime
    School,       # dropout and return
)

__all__ = ["PROCESSES"]
