/// The embedded default configuration: what `switchboard serve` runs with no `--config`.
extension GatewayConfiguration {
    /// Demo connections with literal demo secrets, so `switchboard replay --to` works without any
    /// provider account. Never use these secrets for real traffic.
    public static let demoYAML = """
        # Switchboard's embedded demo configuration (switchboard serve with no --config).
        listen: 127.0.0.1:8080
        store:
          sqlite: ./switchboard-data/switchboard.db
        connections:
          - name: demo-wa
            provider: meta
            channel: whatsapp
            account: "106540352242922"
            secrets:
              app_secret: demo-app-secret
              verify_token: demo-verify-token
              access_token: demo-access-token
          - name: demo-messenger
            provider: meta
            channel: messenger
            account: "1234567890"
            secrets:
              app_secret: demo-app-secret
              verify_token: demo-verify-token
              access_token: demo-access-token
          - name: demo-360dialog
            provider: 360dialog
            channel: whatsapp
            account: "106540352242922"
            secrets:
              api_key: demo-360dialog-key
              webhook_secret: demo-360dialog-secret
          - name: demo-telegram
            provider: telegram
            channel: telegram
            account: demo_bot
            secrets:
              bot_token: "123456:demo-bot-token"
              secret_token: demo-telegram-secret
          - name: demo-twilio
            provider: twilio
            channel: sms
            account: "+15005550006"
            secrets:
              account_sid: ACdemo00000000000000000000000000
              auth_token: demo-twilio-token
          - name: demo-vonage
            provider: vonage
            channel: sms
            account: "14155550100"
            secrets:
              api_key: demo-vonage-key
              api_secret: demo-vonage-secret
              signature_secret: demo-vonage-signature
          - name: demo-messagebird
            provider: messagebird
            channel: sms
            account: "+31612345678"
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
