"""Slack's look of the core's values: Block Kit, mrkdwn, ``/agenda …`` hints.

The only place Slack markup is written. Every message is cut to Slack's limits
here (``budget``), so a listener posts what it is given without measuring it.
"""
