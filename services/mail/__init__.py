"""E-mail to petitioners (L15): the unit's SMTP server, the outbox and the sender that empties it."""
