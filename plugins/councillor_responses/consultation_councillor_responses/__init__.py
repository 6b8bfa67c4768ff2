"""Councillor responses: threads that need a councillor get a reply, on time and in public."""
