import PostgresClient

/// One resource of a Bundle with the type and meso key its `fullUrl` is derived from.
public struct FHIREntry: Sendable, Hashable {
    public let type: String
    public let key: String
    public let resource: FHIRObject
}

/// Makes the export's resources: each one begins with `resourceType`, its `id` (the UUID of its
/// fullUrl) and meso's `identifier`, then the elements in the order R4 defines them.
struct FHIRResourceMaker {
    let identity: FHIRIdentity

    /// A resource with its type, id and (when meso has one for it) identifier filled in.
    /// R4 gives AdverseEvent one identifier (0..1) where the other resources take a list.
    func resource(_ type: String, key: String, identifier: String?, _ fill: (inout FHIRObject) -> Void) -> FHIREntry {
        var object = FHIRObject(resourceType: type)
        object.add("id", identity.uuid(type, key))
        if let identifier {
            let identifiers = identity.identifier(identifier)
            if type == "AdverseEvent", case .array(let list) = identifiers {
                object.add("identifier", list.first)
            } else {
                object.add("identifier", identifiers)
            }
        }
        fill(&object)
        return FHIREntry(type: type, key: key, resource: object)
    }

    func patientReference(_ id: Int64) -> FHIRValue { identity.reference("Patient", String(id)) }
    func practitionerReference(_ name: String) -> FHIRValue { identity.reference("Practitioner", name) }
    func procedureReference(_ sessionID: Int64) -> FHIRValue { identity.reference("Procedure", String(sessionID)) }
    func medicationReference(_ lotID: Int64) -> FHIRValue { identity.reference("Medication", String(lotID)) }

    func administrationReference(session sessionID: Int64, lot lotID: Int64) -> FHIRValue {
        identity.reference("MedicationAdministration", "\(sessionID)/\(lotID)")
    }

    /// A person meso names by the free text recorded as practitioner or actor. meso holds no
    /// identifier for them, so the Practitioner carries their name alone (and its id is derived from it).
    func practitioner(_ name: String) -> FHIREntry {
        resource("Practitioner", key: name, identifier: nil) { object in
            var humanName = FHIRObject()
            humanName.add("text", name)
            object.add("name", .array([humanName.value]))
        }
    }

    func patient(_ patient: ExportedPatient) -> FHIREntry {
        resource("Patient", key: String(patient.id), identifier: nil) { object in
            var identifier = FHIRObject()
            identifier.add(
                "type",
                FHIRTerminology.concept([
                    FHIRTerminology.coding(system: FHIRTerminology.identifierType, code: "MR", display: "Medical record number")
                ]))
            identifier.add("system", identity.system)
            identifier.add("value", patient.mrn)
            object.add("identifier", .array([identifier.value]))
            var name = FHIRObject()
            name.add("text", patient.name)
            object.add("name", .array([name.value]))
            object.add("birthDate", patient.birthDate?.description)
        }
    }

    /// An Annotation: a note with its author and time.
    func annotation(_ text: String, author: String?, time: Timestamp?) -> FHIRValue {
        var note = FHIRObject()
        if let author { note.add("authorReference", practitionerReference(author)) }
        note.add("time", time?.description)
        note.add("text", text)
        return note.value
    }
}
