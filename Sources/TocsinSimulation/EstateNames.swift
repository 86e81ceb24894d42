/// Names of the estate's people and accounts.
enum EstateNames {
    static let first = [
        "maria", "thomas", "anna", "michael", "julia", "stefan", "laura", "andreas", "sarah", "christian",
        "katharina", "markus", "lena", "daniel", "sophie", "tobias", "lisa", "sebastian", "hannah", "matthias",
        "johanna", "florian", "nina", "alexander", "claudia", "jan", "sabine", "martin", "petra", "jens",
        "monika", "frank", "birgit", "uwe", "kerstin", "oliver", "anja", "dirk", "silke", "holger",
    ]
    static let last = [
        "mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "schulz", "hoffmann",
        "schaefer", "koch", "bauer", "richter", "klein", "wolf", "schroeder", "neumann", "schwarz", "zimmermann",
        "braun", "krueger", "hofmann", "hartmann", "lange", "schmitt", "werner", "schmitz", "krause", "meier",
        "lehmann", "schmid", "schulze", "maier", "koehler", "herrmann", "koenig", "walter", "mayer", "huber",
        "kaiser", "fuchs", "peters", "lang", "scholz", "moeller", "weiss", "jung", "hahn", "schubert",
        "vogel", "friedrich", "keller", "guenther", "frank", "berger", "winkler", "roth", "beck", "lorenz",
    ]
    /// Domain admins working from ADM-01 and ADM-02.
    static let admins = ["adm.schulz", "adm.wagner"]
    /// Service accounts; `svc_vpn` is the attack's foothold, the others hold service principal names.
    static let serviceAccounts = [
        "svc_vpn", "svc_sql", "svc_praxis", "svc_backup", "svc_web", "svc_report", "svc_print", "svc_scan",
        "svc_ti", "svc_mail", "svc_monitor", "svc_deploy", "svc_ldap", "svc_archive", "svc_fax", "svc_sync",
    ]

    /// The `index`-th workstation user: `first.last`, unique (a number is appended past 2,400 users).
    static func user(_ index: Int) -> String {
        let pairs = first.count * last.count
        let pair = index % pairs
        let name = first[pair % first.count] + "." + last[(pair / first.count + pair) % last.count]
        return index < pairs ? name : name + String(index / pairs + 1)
    }
}
