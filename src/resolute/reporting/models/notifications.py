"""In-app notifications, the user's preferences for them, and the queue of outgoing e-mail."""
