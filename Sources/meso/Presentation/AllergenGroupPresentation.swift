import MesoCore

enum AllergenGroupPresentation {
    static func listing(_ groups: [AllergenGroup]) -> Presentation {
        let rows = groups.map { group in
            [
                "code": .text(group.code), "name": .text(group.name), "member_count": .integer(group.members.count),
                "members": .list(group.members.map { .text($0.code) }), "note": .optional(group.note, OutputValue.text),
            ] as OutputRecord
        }
        return .listing(
            OutputTable(key: "groups", columns: ["code", "name", "member_count", "members", "note"], rows: rows),
            notes: ["\(groups.count) allergen group(s)."])
    }

    static func details(_ group: AllergenGroup, notes: [String] = []) -> Presentation {
        let members = group.members.map { compound in
            [
                "code": .text(compound.code), "name": .text(compound.name),
                "class": .text(compound.compoundClass.rawValue), "source": .text(compound.source.rawValue),
            ] as OutputRecord
        }
        return .document(
            fields(group),
            tables: [OutputTable(key: "members", title: "Members", columns: ["code", "name", "class", "source"], rows: members)],
            notes: notes)
    }

    static func added(_ group: AllergenGroup) -> Presentation {
        .document(fields(group), notes: ["Added allergen group \(group.code)."])
    }

    private static func fields(_ group: AllergenGroup) -> OutputRecord {
        ["code": .text(group.code), "name": .text(group.name), "note": .optional(group.note, OutputValue.text)]
    }
}
