"""What a message says and when to try it again, as pure rules: no flask, sqlalchemy or pika."""
