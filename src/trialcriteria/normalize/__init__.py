"""Pure normalizers: ages, units, durations, drug classes -> normalized values."""
