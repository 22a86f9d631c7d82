"""schemathesis hooks for scripts/conformance.sh.

A generated send is addressed to a random account that no connection carries, so it is refused (422
unknown_connection) and the stateful links (send -> read -> redrive) would never get a message to follow. A text
message whose addressing members are each valid is readdressed to the demo SMS connection, so it is queued and
sent through the mock provider. Nothing else changes: a body the document refuses stays refused (its violation is
not in the members replaced), and every other content type keeps its generated address.
"""

import re

import schemathesis

CHANNELS = {"whatsapp", "messenger", "instagram", "telegram", "email", "sms"}
CONVERSATION = re.compile(r"^(whatsapp|messenger|instagram|telegram|email|sms):[^:]+:[\s\S]+$")
DEMO_SMS = "sms:+15005550006:+15551234567"


def _valid_address(body):
    conversation = body.get("conversation")
    if conversation is not None and not (isinstance(conversation, str) and CONVERSATION.match(conversation)):
        return False
    if "channel" in body and body["channel"] not in CHANNELS:
        return False
    return all(isinstance(body[key], str) for key in ("account", "to", "connection") if key in body)


@schemathesis.hook("map_body").apply_to(method="POST", path="/v1/messages")
def readdress_text(context, body):
    if not isinstance(body, dict) or not _valid_address(body):
        return body
    content = body.get("content")
    if not (isinstance(content, dict) and content.get("type") == "text" and isinstance(content.get("text"), str)):
        return body
    if not ("conversation" in body or all(key in body for key in ("channel", "account", "to"))):
        return body
    readdressed = {key: value for key, value in body.items() if key not in ("channel", "account", "to", "connection")}
    readdressed["conversation"] = DEMO_SMS
    return readdressed
