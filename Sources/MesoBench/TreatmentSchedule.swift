import MesoCore
import PostgresClient

/// One session of the history, before the stock is simulated: who, which formula, when.
struct ScheduledSession {
    var patient: Int32
    var formula: UInt8
    var performedAt: Int64
    var recordedAt: Int64
}

/// The clinic's sessions over the history window, as courses: a first series a formula's interval
/// apart (plus a few days), then maintenance every one to two months, until the patient stops
/// coming. Then thinned at random to exactly the sessions and usage rows the scale asks for.
enum TreatmentSchedule {
    static let day: Int64 = 86_400_000_000

    static func generate(
        patients: [GeneratedPatient], catalog: ClinicCatalog, now: Timestamp, windowStart: Timestamp,
        random: inout SeededRandom
    ) -> [ScheduledSession] {
        let popularity = catalog.formulas.map { ClinicVocabulary.formulaPopularity[$0.code] ?? 1 }
        let latest = now.microsecondsSinceEpoch - 15 * 60_000_000
        var sessions: [ScheduledSession] = []
        sessions.reserveCapacity(patients.count * 45)
        for (index, patient) in patients.enumerated() {
            var allowed = patient.findingsByFormula.keys.sorted().map { ($0, popularity[$0]) }
            guard !allowed.isEmpty else { continue }
            let courses = min(allowed.count, random.weighted([(1, 25.0), (2, 40), (3, 35)]))
            let firstVisit = patient.createdAt.microsecondsSinceEpoch + Int64(random.int(in: 0...20)) * day
            for course in 0..<courses {
                let formula = random.weighted(allowed.map { ($0.0, $0.1) })
                allowed.removeAll { $0.0 == formula }
                let interval = Int64(catalog.formulas[formula].minIntervalDays)
                var time = firstVisit + (course == 0 ? 0 : Int64(random.int(in: 0...200)) * day)
                let series = random.int(in: 4...6)
                var given = 0
                while time < latest {
                    let performed = atClinicHours(time, &random)
                    let recorded = performed + Int64(random.int(in: 10...45)) * 60_000_000
                    if performed >= windowStart.microsecondsSinceEpoch && recorded <= latest
                        && patient.isTreatable(at: Timestamp(microsecondsSinceEpoch: performed))
                    {
                        sessions.append(
                            ScheduledSession(
                                patient: Int32(index), formula: UInt8(formula), performedAt: performed,
                                recordedAt: recorded))
                    }
                    given += 1
                    if given < series {
                        time += (interval + Int64(random.int(in: 0...6))) * day
                    } else {
                        if random.chance(0.015) { break }
                        time += Int64(random.int(in: 16...45)) * day
                    }
                }
            }
        }
        return sessions
    }

    /// A time on the same day between 08:00 and 19:00 UTC.
    private static func atClinicHours(_ time: Int64, _ random: inout SeededRandom) -> Int64 {
        let midnight = time - ((time % day) + day) % day
        return midnight + Int64(random.int(in: 8 * 60...(19 * 60 - 1))) * 60_000_000
            + Int64(random.int(in: 0...59)) * 1_000_000
    }

    /// Drops sessions at random until exactly `sessionCount` remain with exactly `rowCount` usage
    /// rows between them (one per component: the generator never splits a component across lots).
    /// How many to drop of each size is settled first, then which at random; the rest stay in
    /// order of recording.
    static func thin(
        _ sessions: [ScheduledSession], toSessions sessionCount: Int, rows rowCount: Int, catalog: ClinicCatalog,
        random: inout SeededRandom
    ) throws -> [ScheduledSession] {
        let sizes = catalog.formulas.map(\.components.count)
        var bySize: [Int: [Int]] = [:]
        for (index, session) in sessions.enumerated() { bySize[sizes[Int(session.formula)], default: []].append(index) }
        let totalRows = sessions.reduce(0) { $0 + sizes[Int($1.formula)] }
        let dropSessions = sessions.count - sessionCount
        let dropRows = totalRows - rowCount
        guard dropSessions >= 0, dropRows >= dropSessions else {
            throw BenchError(
                "The generated schedule holds \(sessions.count) sessions and \(totalRows) usage rows, fewer than the \(sessionCount) and \(rowCount) asked for."
            )
        }
        let order = bySize.keys.sorted()
        // In proportion to each size's share first, then moved between neighbouring sizes until the
        // dropped rows come out exact.
        var drops = Dictionary(uniqueKeysWithValues: order.map { ($0, bySize[$0]!.count * dropSessions / sessions.count) })
        var short = dropSessions - drops.values.reduce(0, +)
        for size in order where short > 0 {
            let room = bySize[size]!.count - drops[size]!
            let taken = min(room, short)
            drops[size]! += taken
            short -= taken
        }
        func droppedRows() -> Int { drops.reduce(0) { $0 + $1.key * $1.value } }
        var steps = 0
        while droppedRows() != dropRows {
            steps += 1
            guard steps < 10_000_000 else { throw BenchError("Could not thin the schedule to exactly \(rowCount) usage rows.") }
            let tooMany = droppedRows() > dropRows
            // Move one drop from a size to its neighbour: up when rows are missing, down when over.
            let pairs = tooMany ? zip(order.dropFirst(), order).map { ($0, $1) } : zip(order, order.dropFirst()).map { ($0, $1) }
            let gap = abs(droppedRows() - dropRows)
            guard
                let (from, to) = pairs.first(where: { pair in
                    drops[pair.0]! > 0 && drops[pair.1]! < bySize[pair.1]!.count && abs(pair.1 - pair.0) <= gap
                }) ?? pairs.first(where: { drops[$0.0]! > 0 && drops[$0.1]! < bySize[$0.1]!.count })
            else { throw BenchError("Could not thin the schedule to exactly \(rowCount) usage rows.") }
            drops[from]! -= 1
            drops[to]! += 1
        }
        var dropped = [Bool](repeating: false, count: sessions.count)
        for size in order {
            var candidates = bySize[size]!
            candidates.shuffle(using: &random)
            for index in candidates.prefix(drops[size]!) { dropped[index] = true }
        }
        return sessions.enumerated().filter { !dropped[$0.offset] }.map(\.element)
    }
}
