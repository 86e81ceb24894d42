/// What a provider runs: data centres, the systems in them, customer groups, and the services built on them.
///
/// A plain value as read from the catalogue file; `validate()` lists its problems and `ServiceGraph` is built only
/// from a catalogue without errors.
public struct ServiceCatalogue: Sendable, Hashable, Codable {
    /// The data centres, in catalogue order.
    public var dataCentres: [DataCentre]
    /// The systems, in catalogue order.
    public var systems: [CatalogueSystem]
    /// The customer groups, in catalogue order.
    public var customers: [CustomerGroup]
    /// The services, in catalogue order.
    public var services: [CatalogueService]

    /// Creates a catalogue.
    public init(
        dataCentres: [DataCentre] = [], systems: [CatalogueSystem] = [], customers: [CustomerGroup] = [],
        services: [CatalogueService] = []
    ) {
        self.dataCentres = dataCentres
        self.systems = systems
        self.customers = customers
        self.services = services
    }
}
