import Foundation
import MesoCore
import PostgresClient
import Testing

/// The checks the bad-input catalogue found missing, at the level where they live (MesoCore).
@Suite("Reliability: input checks added for the bad-input catalogue")
struct ReliabilityValidationTests {
    let now = Timestamp(iso: "2026-11-25T10:00:00Z")!
    var today: CalendarDate { now.utcDate }

    @Test func textThatLooksBlankOrLostItsBytesIsRefused() throws {
        for (text, rule) in [
            ("\u{00A0}\u{3000}", "must not be empty"),  // no-break and ideographic spaces only
            ("\u{200B}\u{FEFF}", "must not be empty"),  // zero-width characters only
            ("Ana\u{2028}Lee", "control character"),  // a line separator breaks table rows
            ("Ana \u{2067}Lee\u{2069}", "control character"),  // a bidi isolate inside can reorder what is shown
            ("\u{2068}Ana\u{2069} \u{2068}Lee\u{2069}", "control character"),  // two isolates are inside
            ("Jos\u{FFFD}", "not UTF-8"),  // what a Latin-1 byte becomes on the way in
        ] {
            for check in [
                { try FieldText.name(text, field: "--name") }, { try FieldText.note(text, field: "--name") },
            ] {
                let refused = refusal { _ = try check() }
                #expect(refused?.field == "--name" && refused?.message.contains(rule) == true, "\(text.debugDescription): \(String(describing: refused))")
            }
        }
        // A right-to-left name pasted back from a table, in the isolate the table wrapped it in, is
        // the name without it.
        #expect(try FieldText.name("\u{2068}فاطمة الزهراء\u{2069}", field: "--name") == "فاطمة الزهراء")
        #expect(try FieldText.name(" \u{2067}\u{2068}פנינה\u{2069}\u{2069} ", field: "--name") == "פנינה")
        #expect(try FieldText.note("\u{2068}فاطمة\u{2069}", field: "--note") == "فاطمة")
        // Names in any script, with the marks they need, still pass.
        #expect(try FieldText.name("فاطمة\u{200F} الزهراء", field: "--name") == "فاطمة\u{200F} الزهراء")
        #expect(try FieldText.name("Olumide Adébáyọ̀", field: "--name") == "Olumide Adébáyọ̀")
        #expect(try FieldText.note("first line\nsecond line", field: "--note") == "first line\nsecond line")
    }

    @Test func timesAndDatesFarFromTodayAreRefused() throws {
        // A check looks at most two years ahead (a course and its year of maintenance fit in it).
        #expect(try CheckRequest(patient: "MRN-1", formula: "F", at: Timestamp(iso: "2028-11-24T10:00:00Z")!, now: now).at != nil)
        #expect(refusal { _ = try CheckRequest(patient: "MRN-1", formula: "F", at: Timestamp(iso: "2028-11-26T10:00:00Z")!, now: now) }?.field == "--at")
        // A session is recorded within a year of being performed.
        #expect(try SessionRequest(patient: "MRN-1", formula: "F", at: Timestamp(iso: "2025-11-25T10:00:00Z")!, now: now).at != nil)
        let old = refusal { _ = try SessionRequest(patient: "MRN-1", formula: "F", at: Timestamp(iso: "2024-11-25T10:00:00Z")!, now: now) }
        #expect(old?.field == "--at" && old?.message.contains("more than a year ago") == true)
        #expect(refusal { _ = try SessionRequest(patient: "MRN-1", formula: "F", at: Timestamp(iso: "0026-11-25T10:00:00Z")!, now: now) }?.field == "--at")
        // A delivery likewise, typed or scanned: received once it has arrived, within a year.
        func receipt(at time: String) throws(MesoError) -> LotReceipt {
            try LotReceipt(
                product: "LIDO-1-MD", lot: "L1", expiry: "2027-06-30", vials: "1", supplier: nil, quarantine: false, at: time,
                now: now)
        }
        // How far ahead it may be, the database judges on its own clock (LotRepeatReceiptTests).
        #expect(try receipt(at: now.adding(seconds: 3600).description).receivedAt != nil)
        #expect(try receipt(at: "2025-11-25T10:00:00Z").receivedAt == Timestamp(iso: "2025-11-25T10:00:00Z"))
        #expect(refusal { _ = try receipt(at: "2024-11-25T10:00:00Z") }?.message.contains("more than a year ago") == true)
        let scanned = refusal {
            _ = try LotReceipt(
                gs1: "(01)09520107000013(17)271130(10)A", vials: "1", supplier: nil, quarantine: false, today: today,
                at: "2024-11-25T10:00:00Z", now: now)
        }
        #expect(scanned?.field == "--at")
        // A course starts within a year of today, either way.
        #expect(try NewCourse(patient: "MRN-1", formula: "F", start: CalendarDate(iso: "2027-11-25")!, sessions: nil, today: today).start.year == 2027)
        #expect(refusal { _ = try NewCourse(patient: "MRN-1", formula: "F", start: CalendarDate(iso: "2027-11-27")!, sessions: nil, today: today) }?.field == "--start")
        #expect(refusal { _ = try NewCourse(patient: "MRN-1", formula: "F", start: CalendarDate(iso: "2025-11-23")!, sessions: nil, today: today) }?.field == "--start")
        // A condition is recorded once it has begun; a surgery dated ahead would escape the 4-month rule.
        #expect(try NewCondition(mrn: "MRN-1", kind: .facialSurgery, onset: CalendarDate(iso: "2026-11-25")!, note: nil, today: today).onset == today)
        let surgeryAhead = refusal { _ = try NewCondition(mrn: "MRN-1", kind: .facialSurgery, onset: CalendarDate(iso: "2026-11-26")!, note: nil, today: today) }
        #expect(surgeryAhead?.field == "--on" && surgeryAhead?.message.contains("after today") == true)
    }

    @Test func aCommitWhoseAnswerWasLostIsReportedAsUnknown() {
        var lost = PostgresError(kind: .connectionLost, message: "the connection to the database was lost: server closed the connection")
        #expect(MesoError(lost).message.hasPrefix("The database is unreachable ("))
        lost.commitOutcomeUnknown = true
        let error = MesoError(lost)
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("may or may not have been recorded"))
        #expect(error.message.hasSuffix("."))
    }
}
