import MesoCore
import Testing

@Suite("FHIR identity: name-based UUIDs and system URIs")
struct FHIRIdentityTests {
    /// RFC 9562's appendix and Python's uuid.uuid5 agree on these.
    @Test func version5UUIDsMatchPublishedVectors() {
        #expect(NameBasedUUID(namespace: .dnsNamespace, name: "www.example.com").description == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(NameBasedUUID(namespace: .dnsNamespace, name: "python.org").description == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(NameBasedUUID(namespace: .urlNamespace, name: "http://python.org/").description == "4c565f0d-3f5a-5890-b41b-20cf47701c5e")
    }

    /// Names longer than one SHA-1 block (64 bytes) and names in other scripts.
    @Test func longAndNonASCIINamesGiveStableDistinctUUIDs() {
        let long = String(repeating: "urn:uuid:3aa6563e-d5b1-4e4a-b31e-0fec41ce42f9/", count: 5)
        let a = NameBasedUUID(namespace: .urlNamespace, name: long)
        #expect(a == NameBasedUUID(namespace: .urlNamespace, name: long))
        #expect(a != NameBasedUUID(namespace: .urlNamespace, name: long + "x"))
        #expect(NameBasedUUID(namespace: .urlNamespace, name: "Practitioner/فاطمة").description.count == 36)
        let identity = FHIRIdentity(system: "https://clinic.example/ids")
        #expect(identity.uuid("Patient", "1") != identity.uuid("Procedure", "1"))
        #expect(identity.uuid("Patient", "1") != FHIRIdentity(system: "https://other.example/ids").uuid("Patient", "1"))
        let version = identity.uuid("Patient", "1").split(separator: "-")[2].first
        #expect(version == "5")
    }

    @Test func systemURIsAreAbsoluteAndWellFormed() throws {
        for good in [
            "http://www.whocc.no/atc", "http://snomed.info/sct", "urn:oid:1.2.250.1.71", "https://clinic.example/fhir/ids",
            "urn:uuid:3aa6563e-d5b1-4e4a-b31e-0fec41ce42f9", "urn:iso:std:iso:11073:10101",
        ] {
            #expect(try CodeSystemURI.check(good, field: "--code") == good)
        }
        for bad in [
            "atc", "ATC:x", "http://", "https:/no-host", "urn:uuid:XYZ", "urn:oid:3.1", "urn:oid:1.02", "http://a b",
            "http://x.org/a|b", "http://x.org/#frag", "http://x.org/%zz", "", String(repeating: "a", count: 250) + ":bcdefgh",
        ] {
            #expect(throws: MesoError.self, "\(bad)") { try CodeSystemURI.check(bad, field: "--code") }
        }
        let coding = try CompoundCoding("http://www.whocc.no/atc|N01BB02")
        #expect(coding.system == "http://www.whocc.no/atc" && coding.code == "N01BB02")
        #expect(try CompoundCoding("http://snomed.info/sct|387480006 ").code == "387480006")
        for bad in ["http://www.whocc.no/atc", "http://www.whocc.no/atc|", "http://x.org|a  b", "|N01BB02"] {
            #expect(throws: MesoError.self, "\(bad)") { try CompoundCoding(bad) }
        }
    }
}
