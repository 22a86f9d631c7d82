import AdapterKit
import SwitchboardCore
import TelegramAdapter
import Testing

/// Issue 19: a Telegram number that is no time, no photo side or no coordinate refuses the Update with
/// `malformed_body` naming the field. Before, `"date": 9300000000000000` trapped (seconds × 1000
/// overflowed), and so did a photo of 2^62 × 2^62 pixels (width × height).
@Suite struct TelegramImpossibleValueTests {
    func refusal(_ body: String) -> String? {
        do {
            _ = try TelegramAdapter().decode(
                InboundRequest(body: Array(body.utf8), contentType: "application/json"), context: DecodeContext(account: "Bot")
            ).map(\.jsonLine)
            return nil
        } catch {
            return "\(error.code): \(error.message)"
        }
    }

    static func message(date: String, extra: String = #""text":"hi""#) -> String {
        #"{"update_id":1,"message":{"message_id":5,"from":{"id":7,"first_name":"A"},"chat":{"id":7,"type":"private"},"date":"#
            + date + "," + extra + "}}"
    }

    @Test(
        "a message date that is no time is refused naming the field",
        arguments: [
            "9300000000000000", "-9300000000000000", "9223372036854775807", "-9223372036854775808", "1e300", "-1",
        ])
    func messageDate(value: String) {
        #expect(
            refusal(Self.message(date: value))
                == "malformed_body: message.date: \(value) is not a time (unix seconds between 0 and 253402300799)")
    }

    @Test func editDatesReactionsAndMembershipDatesAreChecked() {
        let edit =
            #"{"update_id":2,"edited_message":{"message_id":5,"chat":{"id":7,"type":"private"},"date":1714564800,"edit_date":-9300000000000000,"text":"x"}}"#
        #expect(refusal(edit)?.hasPrefix("malformed_body: edited_message.edit_date: -9300000000000000 is not a time") == true)
        let reaction =
            #"{"update_id":3,"message_reaction":{"chat":{"id":7,"type":"private"},"message_id":5,"user":{"id":7,"first_name":"A"},"date":9300000000000000,"old_reaction":[],"new_reaction":[]}}"#
        #expect(refusal(reaction)?.hasPrefix("malformed_body: message_reaction.date: 9300000000000000 is not a time") == true)
        let member =
            #"{"update_id":4,"my_chat_member":{"chat":{"id":7,"type":"private"},"from":{"id":7,"first_name":"A"},"date":-1,"old_chat_member":{"status":"member"},"new_chat_member":{"status":"kicked"}}}"#
        #expect(refusal(member)?.hasPrefix("malformed_body: my_chat_member.date: -1 is not a time") == true)
        let count =
            #"{"update_id":5,"message_reaction_count":{"chat":{"id":-100,"type":"channel"},"message_id":1,"date":1714564800,"reactions":[{"type":{"type":"emoji","emoji":"x"},"total_count":-5}]}}"#
        #expect(refusal(count)?.hasPrefix("malformed_body: message_reaction_count.reactions[0].total_count: -5 is not a count") == true)
    }

    @Test("a photo side past 32 bits is refused before width × height can overflow")
    func photoSides() {
        let photo = Self.message(
            date: "1714564800",
            extra:
                #""photo":[{"file_id":"a","width":90,"height":90},{"file_id":"b","width":4611686018427387904,"height":4611686018427387904}]"#
        )
        #expect(
            refusal(photo) == "malformed_body: message.photo[1].width: 4611686018427387904 is not a photo side (0 to 2147483647 pixels)")
        let negativeSize = Self.message(date: "1714564800", extra: #""document":{"file_id":"d","file_size":-1}"#)
        #expect(refusal(negativeSize)?.hasPrefix("malformed_body: message.document.file_size: -1 is not a count") == true)
        let largest = Self.message(
            date: "1714564800",
            extra:
                #""photo":[{"file_id":"a","width":2147483647,"height":2147483647,"file_size":9223372036854775807},{"file_id":"b","width":1,"height":1}]"#
        )
        #expect(refusal(largest) == nil)
    }

    @Test func aLocationOffTheGlobeIsRefused() {
        let location = Self.message(date: "1714564800", extra: #""location":{"latitude":91,"longitude":0}"#)
        #expect(refusal(location) == "malformed_body: message.location.latitude: 91 is not a latitude (-90 to 90)")
        let venue = Self.message(date: "1714564800", extra: #""venue":{"location":{"latitude":0,"longitude":-1e300},"title":"t"}"#)
        #expect(refusal(venue) == "malformed_body: message.venue.location.longitude: -1e300 is not a longitude (-180 to 180)")
    }
}
