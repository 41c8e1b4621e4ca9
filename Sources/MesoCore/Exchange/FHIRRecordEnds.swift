import PostgresClient

/// When a condition ended and a medication was stopped, the one place the export reads them. meso
/// records neither, so both are absent: every condition is exported `active` without abatement,
/// every MedicationStatement `active` without an end.
extension PatientCondition {
    var endedOn: CalendarDate? { nil }
}

extension PatientMedication {
    var stoppedOn: CalendarDate? { nil }
}
