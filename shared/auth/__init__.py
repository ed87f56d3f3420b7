"""Who is calling: JWT bearer tokens, verified and remembered, and the command that issues them."""
