import SwitchboardCore
import Testing

@Suite struct JSONParserTests {
    @Test func parsesNestedDocumentsKeepingNumbersAndOrder() throws {
        let value = try JSONParser.parse(#"{"b":1,"a":[true,null,-1.50e3,"x\u00e9\ud83d\ude00"],"id":123456789012345678901}"#)
        #expect(value.object?.keys == ["b", "a", "id"])
        #expect(value["a"]?[2] == .number("-1.50e3"))
        #expect(value["a"]?[3]?.string == "xé😀")
        #expect(value["id"]?.identifier == "123456789012345678901")
    }

    @Test(arguments: [
        "", "{", #"{"a":1,}"#, "[1,]", #"{"a" 1}"#, "tru", "01", "1.", #""\x""#, "[1] 2", "\"a\nb\"",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsHostileNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func writerRoundTripsAndSortsKeys() throws {
        let value = try JSONParser.parse(#"{"z":"a\"b\\c\n","a":{"y":[1,2],"b":false}}"#)
        #expect(value.canonicalText == #"{"a":{"b":false,"y":[1,2]},"z":"a\"b\\c\n"}"#)
        #expect(try JSONParser.parse(value.canonicalText) == (try JSONParser.parse(value.documentText)).sortedForTest)
    }
}

extension JSONValue {
    var sortedForTest: JSONValue { (try? JSONParser.parse(canonicalText)) ?? self }
}
