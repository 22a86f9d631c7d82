import AdapterKit
import Dialog360Adapter
import SwitchboardCore
import Testing

/// 360dialog forwards the Cloud API shape: an impossible timestamp is refused as it is from Meta (issue 19).
@Suite struct Dialog360ImpossibleValueTests {
    @Test(arguments: ["9300000000000000", "-9300000000000000"])
    func aStatusTimestampThatIsNoTimeIsRefused(value: String) {
        let body =
            #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"statuses":[{"id":"wamid.1","status":"read","recipient_id":"1","timestamp":""#
            + value + #""}]}}]}]}"#
        #expect(
            throws: SwitchboardError.malformed(
                "entry[0].changes[0].value.statuses[0].timestamp: \(value) is not a time (unix seconds between 0 and 253402300799)")
        ) {
            try Dialog360Adapter().decode(InboundRequest(body: Array(body.utf8), contentType: "application/json"), context: DecodeContext())
                .map(\.jsonLine)
        }
    }
}
