import PostgresClient

/// When a condition ended and a medication was stopped, as the export reads them. The records on
/// this branch carry neither, so both are absent: every condition is exported `active` without
/// abatement, every medication `active` without an end.
extension PatientCondition {
    var endedOn: CalendarDate? { nil }
}

extension PatientMedication {
    var stoppedOn: CalendarDate? { nil }
}
