"""Coordinator task logging: the task-type catalog, validation rules and the log service."""
