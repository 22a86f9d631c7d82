extension OpenAPIDocument {
    /// The document's `components` (security schemes, parameters, responses, schemas).
    static let components = #"""
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
                  description: unauthorized, forbidden, invalid_json, invalid_message, unknown_connection, idempotency_key_reused, not_found, not_redrivable, store_unavailable, too_large, invalid_limit, invalid_before, invalid_state, not_configured, still_malformed, invalid_since, too_many_events
                message:
                  type: string
                remedy:
                  type: string
            OutboundMessage:
              type: object
              description: The canonical outbound message (docs/outbound-message.md). Address by conversation, or by channel + account + to.
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
