/// A session as a Procedure, what it took from each lot as a MedicationAdministration, the blocks it
/// went ahead over as DetectedIssues and what went wrong afterwards as AdverseEvents.
extension FHIRResourceMaker {
    /// One Procedure per session: `completed`, or `entered-in-error` for a session cancelled as
    /// recorded by mistake, with the cancellation as its status reason and a note by who cancelled it.
    func procedure(_ session: ExportedProcedure) -> FHIREntry {
        resource("Procedure", key: String(session.sessionID), identifier: "session:\(session.sessionID)") { object in
            object.add("status", session.cancellation == nil ? "completed" : "entered-in-error")
            if let cancellation = session.cancellation {
                object.add("statusReason", FHIRTerminology.concept([], text: cancellation.reason))
            }
            let label = "\(session.formulaName) (\(session.formulaCode) version \(session.formulaVersion))"
            object.add(
                "code",
                FHIRTerminology.concept(
                    [identity.coding("formula", "\(session.formulaCode):\(session.formulaVersion)", display: session.formulaName)],
                    text: label))
            object.add("subject", patientReference(session.patientID))
            object.add("performedDateTime", session.performedAt.description)
            var performer = FHIRObject()
            performer.add("actor", practitionerReference(session.practitioner))
            object.add("performer", .array([performer.value]))
            if let area = session.area {
                object.add("bodySite", .array([FHIRTerminology.concept([], text: area)]))
            }
            if let cancellation = session.cancellation {
                object.add(
                    "note",
                    .array([
                        annotation(
                            "Cancelled as recorded by mistake: \(cancellation.reason)", author: cancellation.by,
                            time: cancellation.at)
                    ]))
            }
        }
    }

    /// One MedicationAdministration per lot a session drew: the volume injected as the dose in mL,
    /// part of the session's Procedure. The unused remainder of an opened single-use vial, never
    /// injected, is a note.
    func administration(_ use: ExportedAdministration) -> FHIREntry {
        resource(
            "MedicationAdministration", key: "\(use.sessionID)/\(use.lotID)",
            identifier: "session:\(use.sessionID):lot:\(use.lotID)"
        ) { object in
            object.add("partOf", .array([procedureReference(use.sessionID)]))
            object.add("status", use.cancelled ? "entered-in-error" : "completed")
            object.add("medicationReference", medicationReference(use.lotID))
            object.add("subject", patientReference(use.patientID))
            object.add("effectiveDateTime", use.performedAt.description)
            var performer = FHIRObject()
            performer.add("actor", practitionerReference(use.practitioner))
            object.add("performer", .array([performer.value]))
            if use.wasteML > 0 {
                object.add(
                    "note",
                    .array([
                        annotation(
                            "\(use.wasteML.fixed(scale: 3)) mL left in the opened single-use vial(s) was written off, not injected.",
                            author: nil, time: nil)
                    ]))
            }
            var dosage = FHIRObject()
            dosage.add("text", "Intradermal injection (mesotherapy)")
            dosage.add("dose", FHIRTerminology.quantity(use.volumeML.fixed(scale: 3), unit: "mL", code: "mL"))
            object.add("dosage", dosage.value)
        }
    }

    /// A block the session went ahead over: what the check found (`detail`), what it implicates (the
    /// session and its administrations of the product concerned), the condition behind it as
    /// evidence, and the override as the mitigation: who, when, why. `entered-in-error` once the
    /// session was cancelled as recorded by mistake.
    func detectedIssue(_ block: LiftedBlock, patientID: Int64, administeredLots: [Int64]) -> FHIREntry {
        let finding = block.finding
        return resource(
            "DetectedIssue", key: "\(block.sessionID)/\(finding.position)",
            identifier: "session:\(block.sessionID):finding:\(finding.position)"
        ) { object in
            object.add("status", block.sessionCancelled ? "entered-in-error" : "final")
            object.add(
                "code",
                FHIRTerminology.concept(
                    [FHIRTerminology.detectedIssueCode(finding.rule), identity.coding("check-rule", finding.rule.rawValue)],
                    text: finding.rule.rawValue))
            object.add("severity", "high")
            object.add("patient", patientReference(patientID))
            object.add("identifiedDateTime", block.sessionRecordedAt.description)
            object.add(
                "implicated",
                .array(
                    [procedureReference(block.sessionID)]
                        + administeredLots.map { administrationReference(session: block.sessionID, lot: $0) }))
            if let condition = finding.conditionID {
                var evidence = FHIRObject()
                evidence.add("detail", .array([identity.reference("Condition", String(condition))]))
                object.add("evidence", .array([evidence.value]))
            }
            object.add("detail", finding.message.rendered(naming: Field.byKey))
            var mitigation = FHIRObject()
            mitigation.add("action", FHIRTerminology.concept([FHIRTerminology.overrideAction], text: block.override.reason))
            mitigation.add("date", block.override.at.description)
            mitigation.add("author", practitionerReference(block.override.by))
            object.add("mitigation", .array([mitigation.value]))
        }
    }

    /// An adverse event after a session: it happened (`actual`), to the patient, suspected of the
    /// session's administrations, with the severity recorded and the note as the event's text.
    func adverseEvent(_ event: AdverseEvent, patientID: Int64, administeredLots: [Int64]) -> FHIREntry {
        resource("AdverseEvent", key: String(event.id), identifier: "adverse-event:\(event.id)") { object in
            object.add("actuality", "actual")
            let label = Self.adverseEventLabel(event.kind)
            object.add(
                "event",
                FHIRTerminology.concept(
                    [identity.coding("adverse-event-kind", event.kind.rawValue, display: label)], text: event.note ?? label))
            object.add("subject", patientReference(patientID))
            object.add("recordedDate", event.recordedAt.description)
            object.add("recorder", practitionerReference(event.recordedBy))
            object.add("severity", FHIRTerminology.severity(event.severity))
            object.add(
                "suspectEntity",
                .array(
                    administeredLots.map { lot in
                        var suspect = FHIRObject()
                        suspect.add("instance", administrationReference(session: event.sessionID, lot: lot))
                        return suspect.value
                    }))
        }
    }

    static func adverseEventLabel(_ kind: AdverseEvent.Kind) -> String {
        switch kind {
        case .allergicReaction: return "Allergic reaction"
        case .swelling: return "Swelling"
        case .redness: return "Redness"
        case .nausea: return "Nausea"
        case .itching: return "Itching"
        case .bleeding: return "Bleeding"
        case .pain: return "Pain"
        case .other: return "Other adverse event"
        }
    }
}
