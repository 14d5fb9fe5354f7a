"""Normalization, pure: values as written -> canonical values (units by pint, lab thresholds, durations)."""
