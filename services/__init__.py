"""The four REVMOD services: lots, reviews, nominations, notifications."""
