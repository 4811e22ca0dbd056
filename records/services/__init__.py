"""The only write path: one business action per function, in one audited transaction."""
