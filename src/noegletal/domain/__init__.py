"""Shared domain vocabulary: measures, steps, extract schemas and calendar arithmetic."""
