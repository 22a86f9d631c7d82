extension OpenAPIDocument {
    /// `openapi/switchboard.yaml`, byte-exact (a test compares them): ``paths`` then ``components``.
    static let yaml = paths + "\n" + components

    /// The document up to its `components` (info, servers, security, paths).
    static let paths = #"""
        openapi: 3.1.0
        info:
          title: Switchboard agent API
          version: 0.1.0
          description: >-
            Send outbound messages through Switchboard. Every message is checked by the policy engine
            (docs/policy.md), queued durably, sent by the dispatcher with rate limits and retries, and tracked
            through the provider's status webhooks. See docs/send-api.md.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /v1/messages:
            post:
              operationId: sendMessage
              summary: Queue an outbound message
              parameters:
                - name: Idempotency-Key
                  in: header
                  required: false
                  description: A retried request with the same key returns the first result and never sends twice.
                  schema:
                    type: string
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/OutboundMessage'
              responses:
                '202':
                  description: Queued (or, for a replayed Idempotency-Key, the first result).
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Accepted'
                '400':
                  $ref: '#/components/responses/Problem'
                '401':
                  $ref: '#/components/responses/Problem'
                '403':
                  $ref: '#/components/responses/Problem'
                '409':
                  $ref: '#/components/responses/Problem'
                '422':
                  description: Refused by the policy (or no connection carries the message).
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Decision'
            get:
              operationId: listMessages
              summary: The messages in one queue state, newest first
              description: >-
                Dead letters by default: what POST /v1/messages/{id}/redrive takes (dead and failed). Only messages on
                the connections the key may use. Page with next_before.
              parameters:
                - name: state
                  in: query
                  required: false
                  schema: {type: string, enum: [queued, sending, retry_wait, sent, failed, dead], default: dead}
                - name: limit
                  in: query
                  required: false
                  schema: {type: integer, minimum: 1, maximum: 500, default: 50}
                - name: before
                  in: query
                  required: false
                  description: Only messages queued before this sequence number (the previous page's next_before).
                  schema: {type: integer}
              responses:
                '200':
                  description: A page of messages (each as GET /v1/messages/{id}, without history, with its sequence).
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items]
                        properties:
                          items: {type: array, items: {$ref: '#/components/schemas/MessageStatus'}}
                          next_before: {type: integer, description: Absent on the last page.}
                '400':
                  $ref: '#/components/responses/Problem'
                '401':
                  $ref: '#/components/responses/Problem'
          /v1/messages/check:
            post:
              operationId: checkMessage
              summary: Dry run of the policy decision
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/OutboundMessage'
              responses:
                '200':
                  description: The decision, allowed or not.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Decision'
                '400':
                  $ref: '#/components/responses/Problem'
                '401':
                  $ref: '#/components/responses/Problem'
                '403':
                  $ref: '#/components/responses/Problem'
          /v1/messages/{id}:
            get:
              operationId: getMessage
              summary: A message and its status history
              parameters:
                - $ref: '#/components/parameters/MessageID'
              responses:
                '200':
                  description: The message.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/MessageStatus'
                '401':
                  $ref: '#/components/responses/Problem'
                '404':
                  $ref: '#/components/responses/Problem'
          /v1/messages/{id}/redrive:
            post:
              operationId: redriveMessage
              summary: Queue a dead or failed message again
              parameters:
                - $ref: '#/components/parameters/MessageID'
              responses:
                '202':
                  description: Queued again.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          id: {type: string}
                          state: {type: string}
                          status: {type: string}
                '401':
                  $ref: '#/components/responses/Problem'
                '404':
                  $ref: '#/components/responses/Problem'
                '409':
                  $ref: '#/components/responses/Problem'
          /v1/conversations/{conversation}:
            get:
              operationId: getConversation
              summary: A conversation's state and when its windows close
              description: >-
                Last inbound and outbound times, the 24 h window (open, closes_at), referral and free entry point,
                opt-out, consent, blocked, Telegram started, attachment bytes per month. A key scoped to connections
                sees the conversations of their channel and account.
              parameters:
                - name: conversation
                  in: path
                  required: true
                  description: channel:account:contact (percent-encode reserved characters such as +).
                  schema: {type: string, examples: ['whatsapp:106540352242922:16505551234']}
              responses:
                '200':
                  description: The state.
                  content:
                    application/json:
                      schema: {type: object}
                '401':
                  $ref: '#/components/responses/Problem'
                '404':
                  $ref: '#/components/responses/Problem'
          /v1/quarantine:
            get:
              operationId: listQuarantine
              summary: Webhooks a decoder refused, newest first
              description: >-
                Each was answered 400 and kept byte-exact. A key scoped to connections sees only their requests.
                Page with next_before.
              parameters:
                - name: limit
                  in: query
                  required: false
                  schema: {type: integer, minimum: 1, maximum: 500, default: 50}
                - name: before
                  in: query
                  required: false
                  description: Only requests older than this id (the previous page's next_before).
                  schema: {type: integer}
              responses:
                '200':
                  description: A page of the quarantine.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [items]
                        properties:
                          items: {type: array, items: {$ref: '#/components/schemas/QuarantinedRequest'}}
                          next_before: {type: integer, description: Absent on the last page.}
                '400':
                  $ref: '#/components/responses/Problem'
                '401':
                  $ref: '#/components/responses/Problem'
          /v1/quarantine/{id}:
            get:
              operationId: getQuarantined
              summary: One quarantined request, with its headers and body
              parameters:
                - $ref: '#/components/parameters/QuarantineID'
              responses:
                '200':
                  description: The request (headers that carried credentials or signatures were never stored).
                  content:
                    application/json:
                      schema:
                        allOf:
                          - $ref: '#/components/schemas/QuarantinedRequest'
                          - type: object
                            required: [headers, body_base64]
                            properties:
                              headers: {type: object, additionalProperties: {type: string}}
                              body_base64: {type: string, description: The body, byte-exact.}
                              body: {type: string, description: The body as text, when it is UTF-8.}
                '401':
                  $ref: '#/components/responses/Problem'
                '404':
                  $ref: '#/components/responses/Problem'
          /v1/quarantine/{id}/reprocess:
            post:
              operationId: reprocessQuarantined
              summary: Decode a quarantined request again and store its events
              description: >-
                For after an adapter was fixed or a connection's settings changed. The events get the ids a fresh
                delivery would give them, so nothing is stored twice, and go to the subscribers like any webhook's.
                The signature was checked when the request arrived and is not checked again.
              parameters:
                - $ref: '#/components/parameters/QuarantineID'
              responses:
                '200':
                  description: It decoded; its events are stored.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, reprocessed_at, events, stored, duplicates]
                        properties:
                          id: {type: integer}
                          reprocessed_at: {type: string, format: date-time}
                          events: {type: array, items: {type: string}, description: The ids of its events.}
                          stored: {type: array, items: {type: string}, description: Those stored now.}
                          duplicates: {type: array, items: {type: string}, description: Those already stored.}
                '401':
                  $ref: '#/components/responses/Problem'
                '404':
                  $ref: '#/components/responses/Problem'
                '409':
                  $ref: '#/components/responses/Problem'
                '422':
                  $ref: '#/components/responses/Problem'
          /v1/subscribers/{name}/redeliver:
            post:
              operationId: redeliverToSubscriber
              summary: Send a subscriber again every event it takes that was received since a time
              description: >-
                For a subscriber that lost data on its side. Its deliveries of those events (pending or done) are
                replaced by fresh ones, in storage order (each conversation stays in order). Needs a key scoped to no
                connection. At most 1 000 000 events at once.
              security:
                - bearer: []
              parameters:
                - name: name
                  in: path
                  required: true
                  schema: {type: string}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [since]
                      properties:
                        since: {type: string, format: date-time}
              responses:
                '202':
                  description: Queued; the subscriber router sends them.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [subscriber, since, events]
                        properties:
                          subscriber: {type: string}
                          since: {type: string, format: date-time}
                          events: {type: integer}
                '400':
                  $ref: '#/components/responses/Problem'
                '401':
                  $ref: '#/components/responses/Problem'
                '403':
                  $ref: '#/components/responses/Problem'
                '404':
                  $ref: '#/components/responses/Problem'
                '422':
                  $ref: '#/components/responses/Problem'
          /openapi.json:
            get:
              operationId: openAPI
              summary: This document, as JSON
              security: []
              responses:
                '200':
                  description: The OpenAPI document.
                  content:
                    application/json:
                      schema:
                        type: object
        """#
}
