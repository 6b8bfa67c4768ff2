"""The officer console: run consultations from draft to published outcome, people, audit."""
