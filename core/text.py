def shorten(value: str, length: int = 40) -> str:
    """`value` cut to `length` characters, with an ellipsis if it was longer."""
    return value if len(value) <= length else value[:length] + "…"


def lines(text: str) -> list[str]:
    """The lines of `text` that hold something, stripped: for fields that list one item a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]
