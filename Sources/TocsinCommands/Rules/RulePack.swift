import Foundation

/// Tocsin's own Sigma rule pack, shipped as a resource of this module (`rules/` at the root of the source tree).
public enum RulePack {
    /// The folder that holds the installed pack, or `nil` when the installation lacks it.
    public static var path: String? {
        Bundle.module.url(forResource: "rules", withExtension: nil)?.path
    }

    /// The rule paths a command loads: `given`, or the pack when `given` is empty; with `withPack` the pack is
    /// added to `given` (once: a given path that is the installed pack itself is not repeated).
    public static func rulePaths(given: [String], withPack: Bool) throws -> [String] {
        if !given.isEmpty && !withPack { return given }
        guard let pack = path else {
            throw HuntError(message: "Tocsin's rule pack is missing from the installation; pass --rules")
        }
        if given.isEmpty { return [pack] }
        let packFolder = canonical(pack)
        if given.contains(where: { canonical($0) == packFolder }) { return given }
        return given + [pack]
    }

    /// `path` made absolute, with symbolic links resolved, for comparing folders.
    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
