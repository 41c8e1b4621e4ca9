import PostgresClient

/// Treatment courses: planning one (stored as planned) and showing how each stands.
public struct CourseService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// Plans the course with the formula's minimum interval (latest version) and stores it, in one
    /// transaction of two round trips.
    public func plan(_ request: NewCourse) throws -> Course {
        try MesoError.translating {
            try connection.pipelinedTransaction { transaction in
                let (patientID, interval) = try transaction.send(
                    Fetch.all(
                        Fetch("SELECT id FROM patient WHERE mrn = \(request.mrn)") { try $0.first?.decode("id", as: Int64.self) },
                        Fetch(
                            """
                            SELECT min_interval_days FROM formula_version WHERE formula_code = \(request.formulaCode)
                             ORDER BY version DESC LIMIT 1
                            """
                        ) { try $0.first?.decode("min_interval_days", as: Int.self) }))
                guard let patientID else { throw PatientService.unknown(request.mrn.text, field: "\(.patient)") }
                guard let intervalDays = interval else {
                    throw MesoError.invalid("\(.formula)", "No formula has the code \(request.formulaCode).")
                }
                let planned = CourseSchedule.plan(
                    start: request.start, seriesSessions: request.seriesSessions, intervalDays: intervalDays)
                return try transaction.commit(
                    with: Fetch.all(
                        Fetch.effect(
                            """
                            INSERT INTO course (patient_id, formula_code, start_date, series_sessions, interval_days,
                                                maintenance_sessions, maintenance_months, created_by)
                            VALUES (\(patientID), \(request.formulaCode), \(request.start),
                                    \(request.seriesSessions), \(intervalDays), \(CourseSchedule.maintenanceSessions),
                                    \(CourseSchedule.maintenanceMonths), \(actor.name))
                            """),
                        Fetch.effect(
                            """
                            INSERT INTO course_session (course_id, position, phase, due_on)
                            SELECT currval('course_id_seq'), s.position, s.phase, s.due_on
                              FROM unnest(\(planned.map(\.position)), \(planned.map(\.phase.rawValue)), \(planned.map(\.dueOn)))
                                   AS s(position, phase, due_on)
                            """),
                        Fetch("SELECT \(unsafeRaw: Course.columns) FROM \(unsafeRaw: Course.source) WHERE c.id = currval('course_id_seq')") {
                            guard let row = $0.first else {
                                throw MesoError(.internal, "The course just planned could not be read back.")
                            }
                            return try Course(row: row, sessions: planned)
                        }
                    )
                ).2
            }
        }
    }

    /// The patient's courses, each planned session matched to the sessions performed, as of today
    /// (the clinic's calendar day, as are the days sessions were performed on). Read in one snapshot
    /// and one round trip.
    public func show(mrn: MRN) throws -> PatientCourses {
        let mrn = mrn.text
        return try MesoError.translating {
            let (patientRow, courseRows, planned, performed) = try connection.fetch(
                Fetch.all(
                    Fetch("SELECT \(unsafeRaw: PatientService.patientColumns), meso_clinic_day(now()) AS today FROM patient WHERE mrn = \(mrn)") {
                        $0.first
                    },
                    Fetch("SELECT \(unsafeRaw: Course.columns) FROM \(unsafeRaw: Course.source) WHERE p.mrn = \(mrn) ORDER BY c.id") { $0.rows },
                    Fetch(
                        """
                        SELECT cs.course_id, cs.position, cs.phase, cs.due_on
                          FROM course_session cs JOIN course c ON c.id = cs.course_id JOIN patient p ON p.id = c.patient_id
                         WHERE p.mrn = \(mrn) ORDER BY cs.course_id, cs.position
                        """
                    ) { result in
                        var planned: [Int64: [PlannedSession]] = [:]
                        for row in result.rows {
                            planned[try row.decode("course_id"), default: []].append(
                                PlannedSession(
                                    position: try row.decode("position"), phase: try row.decodeEnum("phase"),
                                    dueOn: try row.decode("due_on")))
                        }
                        return planned
                    },
                    Fetch(
                        """
                        SELECT s.id, s.formula_code, s.formula_version, s.performed_at, meso_clinic_day(s.performed_at) AS performed_on
                          FROM session s JOIN patient p ON p.id = s.patient_id
                         WHERE p.mrn = \(mrn) AND s.status = 'performed'
                         ORDER BY s.performed_at, s.id
                        """
                    ) { result in
                        var performed: [String: [PriorSession]] = [:]
                        for row in result.rows {
                            performed[try row.decode("formula_code"), default: []].append(
                                PriorSession(
                                    id: try row.decode("id"), formulaVersion: try row.decode("formula_version"),
                                    performedAt: try row.decode("performed_at"), performedOn: try row.decode("performed_on")))
                        }
                        return performed
                    }))
            guard let patientRow else { throw PatientService.unknown(mrn, field: "MRN") }
            let today: CalendarDate = try patientRow.decode("today")
            let courses = try courseRows.map { row in
                try Course(row: row, sessions: planned[try row.decode("id")] ?? [])
            }
            return PatientCourses(
                patient: try Patient(row: patientRow), today: today,
                courses: courses.map { course in
                    // The next course of the same formula, by start then planning order, takes over.
                    let next = courses.filter {
                        $0.formulaCode == course.formulaCode && ($0.start, $0.id) > (course.start, course.id)
                    }.map(\.start).min()
                    return CourseProgress(
                        course: course, performed: performed[course.formulaCode] ?? [], until: next, today: today)
                })
        }
    }
}
