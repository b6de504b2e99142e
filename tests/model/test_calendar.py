import numpy as np

from jwsim.model.calendar import Calendar


def test_calendar_weeks_school_holidays_new_year_and_season():
    """The calendar has 52 weeks a year, school holidays, New Year, a summer peak and events."""
    cal = Calendar.build(2025, 52 * 6, summer_ratio=2.0)
    assert cal.year[0] == 2025 and cal.year[-1] == 2030
    assert set(cal.week[:52]) == set(range(1, 53))
    # Summer holiday weeks are not school weeks; a normal autumn week is.
    assert not cal.school_week[30] and cal.school_week[40]
    assert cal.new_year[0] and cal.new_year[51] and not cal.new_year[25]
    summer = cal.season[cal.week == 29].mean()
    winter = cal.season[cal.week == 3].mean()
    assert 1.9 < summer / winter <= 2.0
    assert abs(cal.season[:52].mean() - 1.0) < 1e-9
    # Vierdaagse week is the strongest event; Ramadan 2026 falls in February-March.
    assert cal.event_weight[28] == 1.0
    ramadan_2026 = np.flatnonzero((cal.year == 2026) & (cal.event_weight == 0.5))
    assert set(cal.week[ramadan_2026]) >= {9, 10, 11}
