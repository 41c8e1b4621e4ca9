// Written by Scripts/guard-digests; do not edit.

/// The digests of the guards (GuardDigest) that a database migrated with this meso's Schema/ has,
/// per PostgreSQL major version: `audit verify` compares the database against them, so that a guard
/// rewritten by the schema's owner is found even when the owner could rewrite any table holding them.
/// `Scripts/guard-digests` writes them from a freshly migrated database.
public enum ShippedGuardDigests {
    public static let byMajorVersion: [Int: [String: String]] = [15: postgreSQL15Part1.merging(postgreSQL15Part2) { first, _ in first }.merging(postgreSQL15Part3) { first, _ in first }.merging(postgreSQL15Part4) { first, _ in first }]
}
