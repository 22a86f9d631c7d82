public import SwitchboardQueue

/// The store's "new rows were committed" wake-up for the subscriber router: the same level-triggered
/// signal the dispatcher uses (one implementation, in SwitchboardQueue).
public typealias ChangeSignal = WakeSignal
