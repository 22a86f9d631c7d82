// The fault plan the mock provider runs is a value of its own module, so that the gateway's configuration can read
// `mock_provider.faults` without linking the mock provider; users of the mock provider get it with this module.
@_exported import SwitchboardMockFaults
