"""The ARM template function library, one module per family (see ``library``)."""
