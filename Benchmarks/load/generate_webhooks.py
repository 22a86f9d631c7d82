#!/usr/bin/env python3
"""Writes N signed ~1 KB WhatsApp Cloud API webhooks, one per line: <signature>\t<body>.

Each has a distinct message id (so deduplication takes no shortcut). Usage:
  generate_webhooks.py N SECRET [FIRST_INDEX] > webhooks.tsv
"""
import hashlib
import hmac
import sys

count = int(sys.argv[1])
secret = sys.argv[2].encode()
first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
filler = "x" * 560
for index in range(first, first + count):
    body = (
        '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",'
        '"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",'
        '"phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Load Test"},"wa_id":"1650555%04d"}],'
        '"messages":[{"from":"1650555%04d","id":"wamid.LOAD%010d","timestamp":"1714564800","type":"text",'
        '"text":{"body":"load test message %d %s"}}]}}]}]}'
    ) % (index % 10000, index % 10000, index, index, filler)
    signature = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    sys.stdout.write("sha256=%s\t%s\n" % (signature, body))
