import PostgresClient

/// A validated `session record`: who, which cocktail, when and where, and what the practitioner
/// decided beyond the check (lots named instead of the FEFO plan, overrides of clinical blocks).
public struct SessionRequest: Sendable, Hashable {
    public let mrn: String
    public let formulaCode: String
    /// Who injected; nil for the actor.
    public let practitioner: String?
    /// Where on the body (face, scalp, neck...).
    public let area: String?
    /// When the session was performed; nil for now.
    public let at: Timestamp?
    /// The session's time: `at`, else the moment the request was made, the one reading of the
    /// clock the recording goes by.
    public let sessionAt: Timestamp
    /// Lots to draw from, in the order named; components without one are drawn FEFO.
    public let lots: [LotChoice]
    /// Why the session goes ahead despite the clinical blocks of each rule named.
    public let overrides: [OverrideRequest]

    public init(
        patient: String, formula: String, practitioner: String? = nil, area: String? = nil, at: String? = nil,
        lots: [String] = [], overrides: [String] = [], now: Timestamp = .now()
    ) throws(MesoError) {
        mrn = try FieldText.mrn(patient, field: "\(.patient)")
        formulaCode = try FieldText.code(formula, field: "\(.formula)", upperCase: true)
        self.practitioner = try practitioner.map { text throws(MesoError) in
            try FieldText.name(text, field: "\(.practitioner)")
        }
        self.area = try area.map { text throws(MesoError) in try FieldText.name(text, field: "\(.area)") }
        self.at = try at.map { text throws(MesoError) in
            try FieldText.pastTime(text, field: "\(.at)", now: now, checkWhat: "the date of the session")
        }
        sessionAt = self.at ?? now
        var choices: [LotChoice] = []
        for text in lots {
            let choice = try LotChoice(text)
            guard !choices.contains(choice) else {
                throw .invalid("\(.lot)", "\(.lot) \(choice) is named twice.")
            }
            choices.append(choice)
        }
        self.lots = choices
        self.overrides = try OverrideRequest.parse(overrides)
    }
}
