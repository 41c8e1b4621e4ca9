import PostgresClient

extension AuditService {
    /// Every guard whose digest differs from the shipped one, is missing, or is not one the
    /// migrations install; guards `reported` already (a missing trigger) are not named twice.
    func guardDefinitions(_ reading: GuardDigest.Reading, reported: Set<String>) -> [Discrepancy] {
        guard let expected = ShippedGuardDigests.byMajorVersion[reading.majorVersion] else {
            return [
                Discrepancy(
                    rule: .guardChanged,
                    message: "This meso knows the guards of PostgreSQL \(ShippedGuardDigests.byMajorVersion.keys.sorted().map(String.init).joined(separator: ", ")), not of PostgreSQL \(reading.majorVersion): it cannot prove that the guards are those its migrations install.")
            ]
        }
        let actual = Dictionary(reading.digests.map { ($0.object, $0.digest) }, uniquingKeysWith: { first, _ in first })
        var found: [Discrepancy] = []
        for (object, digest) in expected.sorted(by: { $0.key < $1.key }) where !reported.contains(object) {
            let (noun, plural) = Self.describe(object)
            if let present = actual[object] {
                if present != digest {
                    found.append(
                        Discrepancy(
                            rule: .guardChanged,
                            message: "\(noun) \(plural ? "differ" : "differs") from what meso's migrations install.",
                            object: object))
                }
            } else {
                found.append(
                    Discrepancy(
                        rule: .guardMissing,
                        message: "\(noun), which meso's migrations install, \(plural ? "are" : "is") missing.", object: object))
            }
        }
        for object in actual.keys.sorted() where expected[object] == nil && !reported.contains(object) {
            let (noun, _) = Self.describe(object)
            found.append(
                Discrepancy(
                    rule: .guardChanged,
                    message: "The schema holds \(noun.prefix(1).lowercased() + noun.dropFirst()), which meso's migrations do not install.",
                    object: object))
        }
        return found
    }

    /// A digest's object as a sentence names it, and whether the name is plural.
    static func describe(_ object: String) -> (String, Bool) {
        let kinds: [(String, String, Bool)] = [
            ("function ", "The function ", false), ("trigger ", "The trigger ", false), ("policy ", "The policy ", false),
            ("table privileges ", "The privileges on table ", true), ("view privileges ", "The privileges on view ", true),
            ("sequence privileges ", "The privileges on sequence ", true), ("view ", "The view ", false),
            ("row security ", "Row-level security on ", false), ("constraint ", "The constraint ", false),
            ("index ", "The unique index ", false), ("schema privileges ", "The privileges on schema ", true),
            ("default privileges ", "The default privileges ", true), ("role ", "The attributes and memberships of role ", true),
            ("event trigger ", "The event trigger ", false),
            // Integrity/GuardDigest+Catalog.swift's.
            ("rule ", "The rule ", false), ("schema ", "The schema ", false),
            ("catalog function ", "The function pg_catalog.", false), ("columns ", "The columns of ", true),
            ("operator ", "The operator ", false), ("cast ", "The cast ", false), ("publication ", "The publication ", false),
            ("database settings ", "The settings ", true),
        ]
        for (prefix, noun, plural) in kinds where object.hasPrefix(prefix) {
            return (noun + object.dropFirst(prefix.count), plural)
        }
        return ("The " + object, false)
    }
}
