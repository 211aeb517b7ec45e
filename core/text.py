def shorten(value: str, length: int = 40) -> str:
    """`value` cut to `length` characters, with an ellipsis if it was longer."""
    return value if len(value) <= length else value[:length] + "…"
