import PostgresClient

/// A validated `session record`: who, which cocktail, when and where, and what the practitioner
/// decided beyond the check (lots named instead of the FEFO plan, overrides of clinical blocks).
public struct SessionRequest: Sendable, Hashable {
    public let mrn: MRN
    public let formulaCode: FormulaCode
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
    public let lots: [LotRef]
    /// Why the session goes ahead despite the clinical blocks of each rule named.
    public let overrides: [OverrideRequest]

    /// Checks what relates the values to each other and to `now`: a time more than a year back,
    /// a lot named twice, a rule overridden twice.
    public init(
        patient: MRN, formula: FormulaCode, practitioner: Name? = nil, area: Name? = nil, at: Timestamp? = nil,
        lots: [LotRef] = [], overrides: [OverrideRequest] = [], now: Timestamp = .now()
    ) throws(MesoError) {
        try OverrideRequest.requireOnePerRule(overrides)
        mrn = patient
        formulaCode = formula
        self.practitioner = practitioner?.text
        self.area = area?.text
        self.at = try at.map { time throws(MesoError) in
            try FieldText.pastTime(time, field: "\(.at)", now: now, checkWhat: "the date of the session")
        }
        sessionAt = self.at ?? now
        for (index, lot) in lots.enumerated() where lots[..<index].contains(lot) {
            throw .invalid("\(.lot)", "\(.lot) \(lot) is named twice.")
        }
        self.lots = lots
        self.overrides = overrides
    }
}
