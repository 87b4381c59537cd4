"""Python checks, one module per rule family.  A check is ``f(model, rule) -> iterable of Hit``."""
