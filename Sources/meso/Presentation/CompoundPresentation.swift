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
                    key: "codes", title: "Codes in public systems", columns: ["system", "code"],
                    rows: details.codings.map { ["system": .text($0.system), "code": .text($0.code)] as OutputRecord }),
            ],
            notes: note.map { [$0] } ?? [])
    }

    static func added(_ compound: Compound, codings: [CompoundCoding] = []) -> Presentation {
        let codes = codings.isEmpty ? "" : ", with the public code(s) \(codings.map(\.description).joined(separator: ", "))"
        return .document(record(compound), notes: ["Added compound \(compound.code)\(codes)."])
    }
}
