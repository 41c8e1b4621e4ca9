import MesoCore

/// The exit codes of the CLI contract (sysexits.h where one fits).
enum ExitStatus {
    static let success: Int32 = 0
    /// `audit verify` found the stored history does not hold together (the contract).
    static let discrepancyFound: Int32 = 1
    static let checkWarning: Int32 = 2
    static let refused: Int32 = 3
    static let usage: Int32 = 64
    static let invalidInput: Int32 = 65
    static let unavailable: Int32 = 69
    static let `internal`: Int32 = 70
    /// A lock or statement timeout: the database is busy, try again (EX_TEMPFAIL).
    static let busy: Int32 = 75
    static let permissionDenied: Int32 = 77

    static func code(for kind: MesoError.Kind) -> Int32 {
        switch kind {
        case .invalidInput: return invalidInput
        case .refused: return refused
        case .unavailable: return unavailable
        case .busy: return busy
        case .permissionDenied: return permissionDenied
        case .internal: return `internal`
        }
    }
}
