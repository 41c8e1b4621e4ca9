/// A lot as a Medication, and its recall as a Flag on it.
extension FHIRResourceMaker {
    /// One Medication per product lot: the product as its code (its GTIN and meso's code), each
    /// ingredient with its strength per mL as a Ratio in UCUM, and the lot in `batch`. R4's
    /// MedicationAdministration has no lot of its own; the lot lives here.
    func medication(_ exported: ExportedLot) -> FHIREntry {
        let lot = exported.lot
        return resource("Medication", key: String(lot.id), identifier: "lot:\(lot.id)") { object in
            object.add(
                "code",
                FHIRTerminology.concept(
                    [
                        exported.gtin.map { FHIRTerminology.coding(system: FHIRTerminology.gtin, code: $0) },
                        identity.coding("product", lot.productCode, display: lot.productName),
                    ], text: lot.productName))
            object.add("ingredient", .array(exported.ingredients.map(ingredient)))
            var batch = FHIRObject()
            batch.add("lotNumber", lot.lotNumber)
            batch.add("expirationDate", lot.expiry.description)
            object.add("batch", batch.value)
        }
    }

    private func ingredient(_ ingredient: ExportedIngredient) -> FHIRValue {
        var object = FHIRObject()
        object.add(
            "itemCodeableConcept",
            FHIRTerminology.concept(
                [identity.coding("compound", ingredient.compoundCode, display: ingredient.compoundName)]
                    + ingredient.publicCodes.map { FHIRTerminology.coding(system: $0.system, code: $0.code) },
                text: ingredient.compoundName))
        object.add("isActive", .bool(ingredient.role == .active))
        let unit = FHIRTerminology.ucumUnit(ingredient.strength.unit)
        var ratio = FHIRObject()
        ratio.add(
            "numerator",
            FHIRTerminology.quantity(
                ingredient.strength.amount.fixed(scale: max(ingredient.strength.amount.significantDecimals, 0)),
                unit: unit.display, code: unit.code))
        ratio.add("denominator", FHIRTerminology.quantity("1", unit: "mL", code: "mL"))
        object.add("strength", ratio.value)
        return object.value
    }

    /// The lot's recall, if it was ever recalled, as a Flag on its Medication: `active` whatever
    /// became of the lot since (a recalled lot destroyed afterwards still reached its patients).
    func recallFlag(_ exported: ExportedLot) -> FHIREntry? {
        let lot = exported.lot
        guard let recall = lot.recall else { return nil }
        return resource("Flag", key: String(lot.id), identifier: "lot:\(lot.id):recall") { object in
            object.add("status", "active")
            object.add(
                "code",
                FHIRTerminology.concept(
                    [identity.coding("lot-status", "recalled", display: "Recalled")],
                    text: "Lot \(lot.lotNumber) of \(lot.productCode) recalled: \(recall.reason)"))
            object.add("subject", medicationReference(lot.id))
            var period = FHIRObject()
            period.add("start", recall.at.description)
            object.add("period", period.value)
            object.add("author", practitionerReference(recall.by))
        }
    }
}
