import MesoCore

/// Picks the sessions the timed phases record: a patient of the cohort and a formula, both at
/// random, so that the check passes or warns (the cohort is the patients it lets receive every
/// formula) and no two clients queue on one patient more than chance makes them.
struct SessionPicker {
    let cohort: ClosedRange<Int64>
    let formulas: [String]
    var random: SeededRandom

    mutating func next() -> (patientID: Int64, mrn: String, formula: String) {
        let id = Int64.random(in: cohort, using: &random)
        return (id, ClinicDataSet.mrn(id), formulas[Int.random(in: 0..<formulas.count, using: &random)])
    }
}
