import SwitchboardCore
import SwitchboardMockProvider
import Testing

@Suite("Mock fault plan")
struct MockFaultPlanTests {
    @Test("the command-line spec reads every key")
    func specParsing() throws {
        let plan = try MockFaultPlan(
            spec: "seed=9,5xx=0.3,5xx-status=503,429=0.1,retry-after=7,timeout=0.05,hold=2s,delay=250ms,slow=0.5,"
                + "error=131047@0.1,error=telegram:403@+12345,error=21610@+1-555-000-0013@0.5")
        #expect(plan.seed == 9)
        #expect(plan.serverErrorRate == 0.3)
        #expect(plan.serverErrorStatus == 503)
        #expect(plan.rateLimitRate == 0.1)
        #expect(plan.retryAfterSeconds == 7)
        #expect(plan.timeoutRate == 0.05)
        #expect(plan.timeoutHold == .seconds(2))
        #expect(plan.delay == .milliseconds(250))
        #expect(plan.slowRate == 0.5)
        #expect(plan.rules.count == 3)
        #expect(plan.rules[0] == MockErrorRule(code: "131047", rate: 0.1))
        #expect(plan.rules[1] == MockErrorRule(code: "403", families: [.telegram], recipient: "+12345"))
        #expect(plan.rules[1].rate == 1)
        #expect(plan.rules[2].recipient == "15550000013")
        #expect(plan.rules[2].rate == 0.5)
    }

    @Test(
        "bad spec items are refused with the item named",
        arguments: ["5xx=1.5", "bogus=1", "error=131047", "error=nowhere:1@0.1", "delay=soon"])
    func badSpec(_ spec: String) {
        #expect {
            _ = try MockFaultPlan(spec: spec)
        } throws: { error in
            (error as? SwitchboardError)?.code == "invalid_fault_spec" && "\(error)".contains(spec.split(separator: ",")[0])
        }
    }

    @Test("the JSON form round-trips")
    func jsonRoundTrip() throws {
        let plan = try MockFaultPlan(spec: "seed=3,5xx=0.25,429=0.5,retry-after=4,delay=100ms,error=whatsapp:131026@+15550000013")
        #expect(try MockFaultPlan(json: plan.json) == plan)
    }

    @Test("decisions are deterministic and a code without a provider only hits the providers that know it")
    func decisions() throws {
        let plan = try MockFaultPlan(spec: "seed=5,5xx=0.5,error=131026@+15550000013")
        let first = (0..<50).map { plan.decide(sequence: $0, family: .twilio, recipient: nil) }
        let second = (0..<50).map { plan.decide(sequence: $0, family: .twilio, recipient: nil) }
        #expect(first == second)
        let noFaults = MockFaultPlan(rules: [MockErrorRule(code: "131026", recipient: "+15550000013")])
        #expect(noFaults.decide(sequence: 0, family: .whatsapp, recipient: "15550000013").fault == .providerError(code: "131026"))
        #expect(noFaults.decide(sequence: 0, family: .telegram, recipient: "15550000013").fault == .none)
        #expect(noFaults.decide(sequence: 0, family: .whatsapp, recipient: "15550000014").fault == .none)
    }
}
