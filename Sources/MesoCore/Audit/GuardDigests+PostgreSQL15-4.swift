// Written by Scripts/guard-digests from a database migrated with Schema/ on PostgreSQL 15; do not edit.

extension ShippedGuardDigests {
    /// Part 4 of 4 of the digests of a freshly migrated database on PostgreSQL 15.
    static let postgreSQL15Part4: [String: String] = [
        "view session_cancel_reason_shown": "a54cb14fb5aef08ae8cc7fbe7122de495b9809698b7443f30c5c13f55a109600",
        "view session_finding_shown": "e51754839786dc9842a06cb6659ead41d34c7d749db8b001762a4b5cd3d894d5",
        "view session_override_shown": "de2919837be9497125d0837ca9010a06c5a91690054e48f7014e2b4f8a90098d",
        "view session_verdict_problem": "dcefb4c005daf7e4cca0f949e48492b7c8e6c1eade2967b12afb8010c3d0acdc",
    ]
}
