"""The API's routes, one module per audience: health (anyone), search and items (read), admin."""
