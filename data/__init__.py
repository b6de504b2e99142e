"""Curated input data for jwsim: the wijken of Nijmegen, youths, schools, adjacency, attractors and events.

The CSV/GeoJSON files next to this module are written by ``python -m jwsim.data.build`` from a folder of
public source tables (``--shared DIR``, not shipped) and committed; ``PROVENANCE.md`` documents every
column. The model uses :func:`load_inputs`.
"""

from jwsim.data.loader import (
    AGES,
    SEXES,
    CityInputs,
    DataError,
    PlaceEvent,
    Schools,
    data_dir,
    geojson_path,
    load_inputs,
)

__all__ = ["AGES", "SEXES", "CityInputs", "DataError", "PlaceEvent", "Schools", "data_dir", "geojson_path",
           "load_inputs"]
