extension OpenAPIDocument {
    /// `openapi/switchboard.yaml`, byte-exact (a test compares them).
    static let yaml = #"""
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
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
              description: An API key from the configuration's api_keys (scoped to connections).
          parameters:
            MessageID:
              name: id
              in: path
              required: true
              schema:
                type: string
                pattern: '^msg_[0-9a-f]{24}$'
            QuarantineID:
              name: id
              in: path
              required: true
              schema:
                type: integer
          responses:
            Problem:
              description: A problem, with a stable code.
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/Problem'
          schemas:
            Problem:
              type: object
              required: [code, message]
              properties:
                code:
                  type: string
                  description: unauthorized, forbidden, invalid_json, invalid_message, unknown_connection, idempotency_key_reused, not_found, not_redrivable, store_unavailable, too_large, invalid_limit, invalid_before, invalid_state, not_configured, still_malformed
                message:
                  type: string
                remedy:
                  type: string
            OutboundMessage:
              type: object
              description: The canonical outbound message (ARCHITECTURE §2b). Address by conversation, or by channel + account + to.
              required: [content]
              properties:
                conversation: {type: string, examples: ['whatsapp:106540352242922:16505551234']}
                channel: {type: string, enum: [whatsapp, messenger, instagram, telegram, email, sms]}
                account: {type: string}
                to: {type: string}
                connection: {type: string, description: The configured connection to use when several carry the channel and account.}
                reply_to: {type: string}
                tag: {type: string}
                promotional: {type: boolean}
                comment_id: {type: string}
                metadata: {type: string}
                idempotency_key: {type: string}
                content:
                  type: object
                  required: [type]
                  properties:
                    type: {type: string, enum: [text, media, location, contacts, reaction, template, interactive, action]}
                    text: {type: string}
                    attachments: {type: array, items: {type: object}}
                    location: {type: object}
                    contacts: {type: array, items: {type: object}}
                    reaction: {type: object}
                    template: {type: object}
                    interactive: {type: object}
                    action: {type: object}
            Decision:
              type: object
              required: [allowed, rule, message]
              properties:
                allowed: {type: boolean}
                code: {type: string, description: Present when refused (e.g. window_closed).}
                rule: {type: string, description: The rule that decided.}
                message: {type: string}
                remedy: {type: string}
                window: {type: object}
                allowed_now: {type: array, items: {type: string}}
                cost: {type: object}
            Accepted:
              type: object
              required: [id, status, decision]
              properties:
                id: {type: string}
                status: {type: string}
                state: {type: string}
                conversation: {type: string}
                decision:
                  $ref: '#/components/schemas/Decision'
                idempotent_replay: {type: boolean}
            HistoryEntry:
              type: object
              required: [status, at]
              properties:
                status: {type: string, enum: [queued, sent, delivered, read, played, failed, deleted, retrying, dead]}
                at: {type: string, format: date-time}
                provider_message_id: {type: string}
                error_code: {type: string}
                message: {type: string}
                detail: {type: string}
            MessageStatus:
              type: object
              required: [id, status, state, history]
              properties:
                id: {type: string}
                conversation: {type: string}
                connection: {type: string}
                status: {type: string, description: 'Provider-reported status: queued, sent, delivered, read, played, failed, deleted (never moves backwards).'}
                state: {type: string, enum: [queued, sending, retry_wait, sent, failed, dead]}
                attempts: {type: integer}
                provider_message_id: {type: string}
                next_attempt_at: {type: string, format: date-time}
                last_failure: {type: object}
                dead_letter: {type: object}
                created_at: {type: string, format: date-time}
                sequence: {type: integer, description: 'Queue order (listings only).'}
                history: {type: array, items: {$ref: '#/components/schemas/HistoryEntry'}}
                decision: {$ref: '#/components/schemas/Decision'}
                message: {$ref: '#/components/schemas/OutboundMessage'}
            QuarantinedRequest:
              type: object
              required: [id, received_at, provider, reason, method, url, body_bytes]
              properties:
                id: {type: integer}
                received_at: {type: string, format: date-time}
                provider: {type: string}
                connection: {type: string}
                reason: {type: string, description: 'The decoder''s reason: <code>: <message>.'}
                method: {type: string}
                url: {type: string}
                body_bytes: {type: integer}
                reprocessed_at: {type: string, format: date-time, description: When it last decoded on reprocessing.}
                reprocessed_events: {type: integer}
        """#
}
