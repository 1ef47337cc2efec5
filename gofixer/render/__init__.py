"""Renderers: each turns a run's report into bytes or text for one audience."""
