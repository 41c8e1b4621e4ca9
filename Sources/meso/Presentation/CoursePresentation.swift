import MesoCore

/// Treatment courses: the schedule as planned, and where each planned session stands.
enum CoursePresentation {
    static func planned(_ course: Course) -> Presentation {
        let fields: OutputRecord = [
            "course_id": .integer(Int(course.id)), "patient_mrn": .text(course.patientMRN),
            "patient_name": .text(course.patientName), "formula_code": .text(course.formulaCode),
            "formula_name": .text(course.formulaName), "start": .date(course.start),
            "series_sessions": .integer(course.seriesSessions), "interval_days": .integer(course.intervalDays),
            "maintenance_sessions": .integer(course.maintenanceSessions),
            "maintenance_months": .integer(course.maintenanceMonths),
            "created_at": .time(course.createdAt), "created_by": .text(course.createdBy),
        ]
        let rows = course.sessions.map { planned in
            ["position": .integer(planned.position), "phase": .text(planned.phase.rawValue), "due_on": .date(planned.dueOn)]
                as OutputRecord
        }
        return .document(
            fields,
            tables: [OutputTable(key: "sessions", title: "Schedule", columns: ["position", "phase", "due_on"], rows: rows)],
            notes: [
                "Course \(course.id) planned: \(course.seriesSessions) session\(course.seriesSessions == 1 ? "" : "s") every \(course.intervalDays) days from \(course.start), then \(course.maintenanceSessions) maintenance session\(course.maintenanceSessions == 1 ? "" : "s") every \(course.maintenanceMonths) months."
            ])
    }

    static func progress(_ patient: PatientCourses) -> Presentation {
        let fields: OutputRecord = [
            "patient_mrn": .text(patient.patient.mrn), "patient_name": .text(patient.patient.name),
            "today": .date(patient.today),
        ]
        var rows: [OutputRecord] = []
        var notes: [String] = []
        for progress in patient.courses {
            for entry in progress.entries {
                rows.append([
                    "course_id": .integer(Int(progress.course.id)), "formula_code": .text(progress.course.formulaCode),
                    "position": .integer(entry.planned.position), "phase": .text(entry.planned.phase.rawValue),
                    "due_on": .date(entry.planned.dueOn), "status": .text(entry.status.rawValue),
                    "session_id": .optional(entry.session?.id) { .integer(Int($0)) },
                    "performed_at": .optional(entry.session?.performedAt, OutputValue.time),
                ])
            }
            let counts = CourseProgress.Status.allCases.compactMap { status -> String? in
                let n = progress.entries.filter { $0.status == status }.count
                return n == 0 ? nil : "\(n) \(status.rawValue)"
            }
            var note = "Course \(progress.course.id) (\(progress.course.formulaCode), from \(progress.course.start)): \(counts.joined(separator: ", "))"
            if !progress.unplannedSessions.isEmpty {
                note += "; \(progress.unplannedSessions.count) more session(s) performed beyond the plan"
            }
            notes.append(note + ".")
        }
        if patient.courses.isEmpty { notes.append("No course is planned for \(patient.patient.mrn).") }
        return .document(
            fields,
            tables: [
                OutputTable(
                    key: "sessions", title: "Planned sessions",
                    columns: ["course_id", "formula_code", "position", "phase", "due_on", "status", "session_id", "performed_at"],
                    rows: rows)
            ],
            notes: notes)
    }
}
