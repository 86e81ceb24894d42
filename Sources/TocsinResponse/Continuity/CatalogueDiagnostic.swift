/// A problem in the service catalogue, located by a path such as `services[eau].depends_on[1]`; lists and keys are
/// spelt as in the catalogue file (`data_centres`, `runs_on`).
public typealias CatalogueDiagnostic = PathDiagnostic

extension PathDiagnostic {
    /// `services[eau]` for the first item with id `eau`, `services[3]` for an item whose id is empty or already in
    /// `seen` (the ids of the items before it).
    public static func itemPath(_ list: String, id: String, index: Int, seen: Set<String>) -> String {
        "\(list)[\(id.isEmpty || seen.contains(id) ? String(index) : id)]"
    }
}
