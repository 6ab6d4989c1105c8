"""摸底 census: department files in, source records out; later linkage and the master register."""
