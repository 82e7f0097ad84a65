"""The typer CLI: a thin layer over the library, one module per noun."""
