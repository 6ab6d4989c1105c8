"""网页端: the pages and the JSON API, over every context's public surface."""
