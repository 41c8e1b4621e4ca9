import MesoCore

enum CompoundPresentation {
    static let columns = ["code", "name", "class", "role", "source", "allergen_groups"]

    static func record(_ compound: Compound) -> OutputRecord {
        [
            "code": .text(compound.code), "name": .text(compound.name), "class": .text(compound.compoundClass.rawValue),
            "role": .text(compound.role.rawValue), "source": .text(compound.source.rawValue),
            "allergen_groups": .list(compound.allergenGroups.map(OutputValue.text)),
        ]
    }

    static func listing(_ compounds: [Compound]) -> Presentation {
        .listing(
            OutputTable(key: "compounds", columns: columns, rows: compounds.map(record)),
            notes: ["\(compounds.count) compound(s)."])
    }

    static func details(_ details: CompoundDetails, note: String? = nil) -> Presentation {
        let groups = details.groups.map { group in
            ["code": .text(group.code), "name": .text(group.name)] as OutputRecord
        }
        let products = details.products.map { use in
            [
                "product_code": .text(use.productCode), "product_name": .text(use.productName),
                "amount": ProductPresentation.amount(use.strength), "unit": .text(ProductPresentation.unit(use.strength)),
            ] as OutputRecord
        }
        return .document(
            record(details.compound),
            tables: [
                OutputTable(key: "groups", title: "Allergen groups", columns: ["code", "name"], rows: groups),
                OutputTable(
                    key: "products", title: "In products", columns: ["product_code", "product_name", "amount", "unit"],
                    rows: products),
                OutputTable(
                    key: "dose_limits", title: "Dose limits (per patient and clinic day)",
                    columns: ["solution", "mg_per_kg", "max_mg", "changed_at", "changed_by"],
                    rows: details.limits.map(limitRecord)),
                OutputTable(
                    key: "codes", title: "Codes in public systems", columns: ["system", "code"],
                    rows: details.codings.map { ["system": .text($0.system), "code": .text($0.code)] as OutputRecord }),
            ],
            notes: (note.map { [$0] } ?? [])
                + (details.compound.compoundClass == .anaesthetic && details.limits.isEmpty
                    ? ["\(details.compound.code) is a local anaesthetic with no dose limit on file: every check holding it warns."]
                    : []))
    }

    static let limitColumns = [
        "code", "solution", "mg_per_kg", "max_mg", "changed_at", "changed_by", "changed_login",
    ]

    static func limitRecord(_ limit: CompoundLimit) -> OutputRecord {
        [
            "code": .text(limit.limit.compoundCode), "name": .text(limit.compoundName),
            "class": .text(limit.compoundClass.rawValue),
            "solution": .text(limit.limit.withVasoconstrictor ? "with vasoconstrictor" : "plain"),
            "with_vasoconstrictor": .boolean(limit.limit.withVasoconstrictor),
            "mg_per_kg": .decimal(limit.limit.mgPerKG, scale: 3), "max_mg": .decimal(limit.limit.maxMG, scale: 3),
            "changed_at": .time(limit.changedAt), "changed_by": .text(limit.changedBy),
            "changed_login": .text(limit.changedLogin),
        ]
    }

    static func limits(_ limits: [CompoundLimit]) -> Presentation {
        .listing(
            OutputTable(key: "limits", columns: limitColumns, rows: limits.map(limitRecord)),
            notes: ["\(limits.count) dose limit(s); a local anaesthetic without one warns in every check."])
    }

    static func added(_ compound: Compound, codings: [CompoundCoding] = []) -> Presentation {
        let codes = codings.isEmpty ? "" : ", with the public code(s) \(codings.map(\.description).joined(separator: ", "))"
        return .document(record(compound), notes: ["Added compound \(compound.code)\(codes)."])
    }
}
