"""The accounts service: the persons the States nominate, and the secretariat, signing in."""
