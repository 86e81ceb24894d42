extension ServiceGraph {
    /// The required dependencies of `service` that keep it from starting to restore: those not in emergency or
    /// regular operation, in catalogue order. Empty means it may start.
    ///
    /// A service missing from `phases` is taken to run regularly (the containment did not touch it). Optional
    /// dependencies never block; systems are not tracked here, the plan orders them.
    public func restorationBlockers(of service: String, phases: [String: RecoveryPhase]) -> [String] {
        guard let index = serviceIndex[service] else { return [] }
        return dependencies[index].compactMap { edge in
            let id = catalogue.services[edge.service].id
            guard edge.kind == .required, !(phases[id] ?? .regularOperation).isAvailable else { return nil }
            return id
        }
    }

    /// True when no required dependency blocks `service` from starting to restore.
    public func mayStartRestoring(_ service: String, phases: [String: RecoveryPhase]) -> Bool {
        restorationBlockers(of: service, phases: phases).isEmpty
    }
}
