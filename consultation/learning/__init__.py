"""The learning log: what each consultation's team learned, searchable by the next team."""
