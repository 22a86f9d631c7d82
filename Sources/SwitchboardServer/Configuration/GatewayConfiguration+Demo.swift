/// The embedded default configuration: what `switchboard serve` runs with no `--config`.
extension GatewayConfiguration {
    /// Demo connections with literal demo secrets, so `switchboard replay --to` works without any
    /// provider account, a demo API key, and the mock provider running inside `serve` with every
    /// connection's `base_url` pointing at it, so `POST /v1/messages` sends end to end on loopback.
    /// Never use these secrets or this key for real traffic.
    public static let demoYAML = """
        # Switchboard's embedded demo configuration (switchboard serve with no --config).
        # DEMO ONLY: literal secrets and API key, sends go to the in-process mock provider.
        listen: 127.0.0.1:8080
        store:
          sqlite: ./switchboard-data/switchboard.db
        # The mock provider runs inside serve; every connection below (except email) sends to it.
        mock_provider: 127.0.0.1:8090
        # DEMO API key for POST /v1/messages (Authorization: Bearer demo-api-key), all connections.
        api_keys:
          - key: demo-api-key
        connections:
          - name: demo-wa
            provider: meta
            channel: whatsapp
            account: "106540352242922"
            base_url: http://127.0.0.1:8090
            # The WhatsApp Business Account: its templates are read from the mock's catalog at start (hello_world,
            # order_update, spring_sale, login_code approved; winter_sale paused; abandoned_cart rejected), and its
            # template and account webhooks (entry.id) belong to this connection.
            options:
              business_account_id: "102290129340398"
            secrets:
              app_secret: demo-app-secret
              verify_token: demo-verify-token
              access_token: demo-access-token
          - name: demo-messenger
            provider: meta
            channel: messenger
            account: "1234567890"
            base_url: http://127.0.0.1:8090
            secrets:
              app_secret: demo-app-secret
              verify_token: demo-verify-token
              access_token: demo-access-token
          - name: demo-360dialog
            provider: 360dialog
            channel: whatsapp
            account: "106540352242922"
            base_url: http://127.0.0.1:8090
            secrets:
              api_key: demo-360dialog-key
              webhook_secret: demo-360dialog-secret
          - name: demo-telegram
            provider: telegram
            channel: telegram
            account: demo_bot
            base_url: http://127.0.0.1:8090
            secrets:
              bot_token: "123456:demo-bot-token"
              secret_token: demo-telegram-secret
          - name: demo-twilio
            provider: twilio
            channel: sms
            account: "+15005550006"
            base_url: http://127.0.0.1:8090
            secrets:
              account_sid: ACdemo00000000000000000000000000
              auth_token: demo-twilio-token
          - name: demo-vonage
            provider: vonage
            channel: sms
            account: "14155550100"
            base_url: http://127.0.0.1:8090
            secrets:
              api_key: demo-vonage-key
              api_secret: demo-vonage-secret
              signature_secret: demo-vonage-signature
          - name: demo-messagebird
            provider: messagebird
            channel: sms
            account: "+31612345678"
            base_url: http://127.0.0.1:8090
            secrets:
              access_key: demo-messagebird-key
              signing_key: demo-messagebird-signing
          - name: demo-email
            provider: email
            channel: email
            account: support@example.com
            secrets:
              webhook_token: demo-email-token
        subscribers: []
        """
}
