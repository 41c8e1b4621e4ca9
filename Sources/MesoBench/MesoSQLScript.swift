import PostgresClient

/// pgbench script (b): exactly the SQL meso sent for one captured session, round trip by round
/// trip as `\startpipeline` ... `\endpipeline` (meso's two pipelines), with the patient drawn at
/// random from the cohort like meso's own clients: every value bound to the captured patient's MRN
/// or id becomes `:mrn` or `:pid`, every other value stays as captured.
enum MesoSQLScript {
    static func make(_ session: CapturedSession, cohort: ClosedRange<Int64>, number: Int) throws -> PgbenchScript {
        var script = PgbenchScript(
            file: "meso-sql-\(number).sql", prefix: "b\(number)",
            comment: "meso's own SQL for one session of \(session.kind), captured from SessionService.record")
        script.line("\\set pid random(\(cohort.lowerBound), \(cohort.upperBound))")
        script.line("\\set mrn \(PatientGenerator.mrnOffset) + :pid")
        var patientBound = 0
        for trip in session.trips {
            script.line(trip.pipelined ? "\\startpipeline" : "-- sent alone")
            for statement in trip.statements {
                let values = statement.bindings.values
                let types = statement.bindings.types
                var references: [String] = []
                for (value, type) in zip(values, types) {
                    if value == session.mrn && type == .unspecified {
                        references.append(":mrn")
                        patientBound += 1
                    } else if value == String(session.patientID) && type == .int8 {
                        references.append(":pid::int8")
                        patientBound += 1
                    } else {
                        references.append(script.bind(value, type: type))
                    }
                }
                script.statement(PgbenchScript.substitute(statement.sql) { references[$0 - 1] })
            }
            if trip.pipelined { script.line("\\endpipeline") }
        }
        guard patientBound > 0 else {
            throw BenchError("The captured session of \(session.kind) never bound its patient, so pgbench could not vary it.")
        }
        return script
    }
}
