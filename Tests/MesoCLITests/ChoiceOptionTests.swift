import Foundation
import Testing
import TestSupport

/// Options that take one of a fixed set of words list them in `--help` and in shell completion,
/// and a wrong word is still refused as a bad value: exit 65, one sentence naming the option.
@Suite("Options with a fixed set of words")
struct ChoiceOptionTests {
    @Test func helpAndCompletionListTheWords() throws {
        let help = try MesoCLI.run(["lot", "list", "--help"])
        #expect(help.status == 0)
        let flattened = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains("(values: quarantined, released, recalled, destroyed)"), "\(help)")
        let condition = try MesoCLI.run(["patient", "condition", "add", "--help"])
        #expect(condition.stdout.contains("--kind <kind>") && !condition.stdout.contains("[--kind <kind>]"), "a required option shows as required")
        #expect(condition.stdout.contains("facial-surgery"), "\(condition)")
        let completion = try MesoCLI.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        for word in ["quarantined", "allergic-reaction", "unable-to-assess", "entered-in-error", "facial-surgery", "glycosaminoglycan"] {
            #expect(completion.stdout.contains(word), "\(word)")
        }
    }

    @Test func aWrongWordIsABadValueNamingTheOption() throws {
        let unreachable = "host=/tmp/meso-nowhere-\(getpid())"
        let text = try MesoCLI.run(["lot", "list", "--status", "lost", "--database-url", unreachable])
        #expect(text.status == 65, "\(text)")
        #expect(text.stderr == "meso: --status must be quarantined, released, recalled or destroyed.\n", "\(text)")
        let json = try MesoCLI.run(
            ["patient", "allergy", "update", "1", "--criticality", "extreme", "--reason", "x", "--format", "json", "--database-url", unreachable])
        #expect(json.status == 65, "\(json)")
        #expect(try json.jsonError()["field"] as? String == "--criticality", "\(json)")
        // Matched as before: case-insensitively.
        let upper = try MesoCLI.run(["lot", "list", "--status", "RELEASED", "--database-url", unreachable])
        #expect(upper.status == 69, "\(upper)")
    }
}
