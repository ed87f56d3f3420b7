"""The outgoing mail: letters composed into the messages table (compose.py), handed over to
the deliverer when their transaction commits (new_mail.py), read and marked as the deliverer
sends them (message_rows.py), and sent over SMTP (delivery.py)."""
