"""Tracked workflows (closed-loop referrals, PCP attribution) whose steps are handoffs."""
