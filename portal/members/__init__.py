"""Members: who is here, in which role, speaking which languages."""
