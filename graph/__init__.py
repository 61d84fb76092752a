"""The LangGraph turn: guard, route, clarify or plan, respond."""
