import TocsinCore

extension ServiceCatalogue {
    /// Every problem in the catalogue, errors and warnings, in catalogue order, dependency cycles last.
    public func validate() -> [CatalogueDiagnostic] {
        var validator = CatalogueValidator(catalogue: self)
        validator.run()
        return validator.diagnostics
    }
}
