"""The decision report: every response from every channel, reach and cost, frozen when final."""
