import PostgresClient

/// The patient's record: allergies and the "no known allergies" assessment, conditions, medications.
extension FHIRResourceMaker {
    /// One allergy record, whatever its verification: refuted and entered-in-error records are
    /// exported too, so a receiver that holds an earlier copy learns of the correction.
    func allergy(_ allergy: PatientAllergy, codings: [CompoundCoding], patientID: Int64) -> FHIREntry {
        resource("AllergyIntolerance", key: String(allergy.id), identifier: "allergy:\(allergy.id)") { object in
            object.add("clinicalStatus", FHIRTerminology.allergyClinicalStatus(allergy.verification))
            object.add("verificationStatus", FHIRTerminology.verification(allergy.verification))
            object.add("category", .array([.string("medication")]))
            object.add("criticality", allergy.criticality.rawValue)
            switch allergy.substance {
            case .compound(let code):
                object.add(
                    "code",
                    FHIRTerminology.concept(
                        [identity.coding("compound", code, display: allergy.substanceName)]
                            + codings.map { FHIRTerminology.coding(system: $0.system, code: $0.code) },
                        text: allergy.substanceName))
            case .group(let code):
                object.add(
                    "code",
                    FHIRTerminology.concept(
                        [identity.coding("allergen-group", code, display: allergy.substanceName)], text: allergy.substanceName))
            }
            object.add("patient", patientReference(patientID))
            object.add("recordedDate", allergy.recordedAt.description)
            object.add("recorder", practitionerReference(allergy.recordedBy))
            if let reaction = allergy.reaction {
                var manifestation = FHIRObject()
                manifestation.add("manifestation", .array([FHIRTerminology.concept([], text: reaction)]))
                object.add("reaction", .array([manifestation.value]))
            }
        }
    }

    /// The assessment "no known allergies" (`patient allergy none`) as an AllergyIntolerance of its
    /// own, coded with SNOMED CT 716186003, as the International Patient Summary records it.
    func noKnownAllergies(patientID: Int64) -> FHIREntry {
        resource(
            "AllergyIntolerance", key: "no-known-allergies/\(patientID)", identifier: "allergy-assessment:\(patientID)"
        ) { object in
            object.add("clinicalStatus", FHIRTerminology.allergyClinicalStatus(.confirmed))
            object.add("verificationStatus", FHIRTerminology.verification(.confirmed))
            let nka = FHIRTerminology.noKnownAllergy
            object.add(
                "code",
                FHIRTerminology.concept(
                    [FHIRTerminology.coding(system: FHIRTerminology.snomed, code: nka.code, display: nka.display)],
                    text: "No known allergies"))
            object.add("patient", patientReference(patientID))
        }
    }

    /// A condition on the problem list: `active` while it lasts, `resolved` once it has ended
    /// (con-3, con-4); its onset is the day it began (for facial surgery, the day of the operation).
    func condition(_ condition: PatientCondition, patientID: Int64) -> FHIREntry {
        resource("Condition", key: String(condition.id), identifier: "condition:\(condition.id)") { object in
            let ended = condition.endedOn != nil
            object.add(
                "clinicalStatus",
                FHIRTerminology.concept([
                    FHIRTerminology.coding(
                        system: FHIRTerminology.conditionClinical, code: ended ? "resolved" : "active",
                        display: ended ? "Resolved" : "Active")
                ]))
            object.add(
                "verificationStatus",
                FHIRTerminology.concept([
                    FHIRTerminology.coding(system: FHIRTerminology.conditionVerification, code: "confirmed", display: "Confirmed")
                ]))
            object.add(
                "category",
                .array([
                    FHIRTerminology.concept([
                        FHIRTerminology.coding(
                            system: FHIRTerminology.conditionCategory, code: "problem-list-item", display: "Problem List Item")
                    ])
                ]))
            let label = Self.conditionLabel(condition.kind)
            object.add(
                "code",
                FHIRTerminology.concept(
                    [identity.coding("condition-kind", condition.kind.rawValue, display: label)],
                    text: condition.note.map { "\(label): \($0)" } ?? label))
            object.add("subject", patientReference(patientID))
            object.add("onsetDateTime", condition.onset?.description)
            object.add("abatementDateTime", condition.endedOn?.description)
            object.add("recordedDate", condition.recordedAt.description)
            object.add("recorder", practitionerReference(condition.recordedBy))
        }
    }

    /// A medicine or supplement the patient takes, as named: `active` until it is stopped, then `stopped`
    /// with the day of its latest stop (`patient medication stop`) as the end of its effective period.
    func medicationStatement(_ medication: PatientMedication, patientID: Int64) -> FHIREntry {
        resource("MedicationStatement", key: String(medication.id), identifier: "medication:\(medication.id)") { object in
            object.add("status", medication.stop == nil ? "active" : "stopped")
            object.add("medicationCodeableConcept", FHIRTerminology.concept([], text: medication.name))
            object.add("subject", patientReference(patientID))
            if let stopped = medication.stop?.stoppedOn {
                var period = FHIRObject()
                period.add("end", stopped.description)
                object.add("effectivePeriod", period.value)
            }
            object.add("dateAsserted", medication.recordedAt.description)
        }
    }

    static func conditionLabel(_ kind: ConditionKind) -> String {
        switch kind {
        case .facialSurgery: return "Facial surgery"
        case .skinDisease: return "Skin disease"
        case .infection: return "Infection"
        case .inflammation: return "Inflammation"
        case .pregnancy: return "Pregnancy"
        case .other: return "Other condition"
        }
    }
}
