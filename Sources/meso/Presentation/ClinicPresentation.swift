import MesoCore

enum ClinicPresentation {
    static func details(_ clinic: Clinic, notes: [String] = []) -> Presentation {
        let history = clinic.history.map { change in
            [
                "changed_at": .time(change.changedAt), "setting": .text(change.setting),
                "value_before": .text(change.valueBefore), "value_after": .text(change.valueAfter),
                "changed_by": .text(change.changedBy), "changed_login": .text(change.changedLogin),
            ] as OutputRecord
        }
        return .document(
            [
                "time_zone": .text(clinic.timeZone.name), "today": .date(clinic.today),
                "identifier_system": .text(clinic.identifierSystem), "changed_at": .time(clinic.changedAt),
                "changed_by": .text(clinic.changedBy), "changed_login": .text(clinic.changedLogin),
            ],
            tables: [
                OutputTable(
                    key: "history", title: "Changes",
                    columns: ["changed_at", "setting", "value_before", "value_after", "changed_by", "changed_login"],
                    rows: history)
            ],
            notes: notes)
    }
}
