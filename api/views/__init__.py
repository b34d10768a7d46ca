"""Thin API views: each adapts HTTP to one service or selector in incidents/."""
