"""shezu (社组): the information system for Party building in social organizations."""
