"""The seam to a chat model: configuration, client, router, specialist, tools, usage."""
