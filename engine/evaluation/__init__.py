"""Pilot evaluation: golden queries, retrieval metrics, the Go/No-Go decision and its report."""
